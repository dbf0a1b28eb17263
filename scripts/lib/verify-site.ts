/**
 * Verifies a built site against its content: every published post everywhere it
 * should be, no draft anywhere, every internal link, image and anchor resolving,
 * valid HTML, well-formed XML and strict JSON, and nothing live in the output (no
 * script, handler or script link in an SVG, page or feed body: output-safety.ts).
 * Used by `npm run verify` and by the tests.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { HtmlValidate } from "html-validate";
import { parseHTML } from "linkedom";
import { validateXML } from "xmllint-wasm";
import { readAuthorFiles } from "#build/content/author-files.ts";
import { readPostFiles } from "#build/content/post-files.ts";
import {
  feedProblems,
  jsonProblems,
  pageProblems,
  svgProblems,
  xmlWellFormednessProblems,
} from "#scripts/lib/output-safety.ts";
import { resolveAuthors } from "#src/domain/authors.ts";
import { compareNewestFirst } from "#src/domain/blog-index.ts";
import { type PostVisibility, postVisibility } from "#src/domain/post-visibility.ts";
import { type PostRedirect, postRedirects } from "#src/domain/redirects.ts";
import { compareOldestFirst, MIN_SERIES_PARTS } from "#src/domain/series.ts";
import { termSlug } from "#src/domain/taxonomy.ts";

export interface VerifyOptions {
  distDir: string;
  contentDir: string;
  /** The author files; by default the `authors` folder beside `contentDir` (src/content/authors/). */
  authorsDir?: string | undefined;
  /** The deployed origin, e.g. https://blog.example.com */
  siteUrl: string;
  /** The base path, "/" or "/sub/". */
  base: string;
  /** How many posts the main feeds carry. */
  feedLimit: number;
  /** The sitemaps.org schemas (sitemap.xsd, siteindex.xsd). */
  xsdDir: string;
  htmlValidateConfig: string;
}

export interface VerifyReport {
  problems: string[];
  published: number;
  unlisted: number;
  /** Drafts and scheduled posts. */
  drafts: number;
  pages: number;
  /** Redirect pages of renamed posts' old slugs (`redirectFrom`). */
  redirects: number;
  linksChecked: number;
}

interface SourcePost {
  file: string;
  slug: string;
  title: string;
  date: Date;
  tags: string[];
  category: string;
  /** Who may see it (src/domain/post-visibility.ts): public, unlisted, scheduled or draft. */
  visibility: PostVisibility;
  /** Its old slugs, each redirected to it when it has a page. */
  redirectFrom: string[];
  /** Its `author` as written (ids or names) and its series, if any. */
  author: string | string[];
  series: string | undefined;
}

/** The posts as the raw reader sees them (the collection's schema and public rule); each that fails the schema is a problem. */
async function readPosts(contentDir: string, problems: string[]): Promise<SourcePost[]> {
  return (await readPostFiles(contentDir)).flatMap(({ file: path, slug, data, issues }) => {
    // Named as in the content folder, as the site's messages name posts.
    const file = relative(contentDir, path);
    if (!data) {
      problems.push(
        `${file}: the frontmatter fails the post schema (${issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") || "not valid YAML"})`,
      );
      return [];
    }
    const { title, date, tags, category, redirectFrom = [] } = data;
    return [
      {
        file,
        slug,
        title,
        date,
        tags,
        category,
        visibility: postVisibility(data),
        redirectFrom,
        author: data.author,
        series: data.series,
      },
    ];
  });
}

function listFiles(directory: string): string[] {
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)));
}

export async function verifySite(options: VerifyOptions): Promise<VerifyReport> {
  const { distDir, base } = options;
  const problems: string[] = [];
  const origin = new URL(options.siteUrl).origin;
  const posts = await readPosts(options.contentDir, problems);
  // Newest first, ties by title: the site's order.
  const published = posts
    .filter((post) => post.visibility === "public")
    .sort((a, b) => compareNewestFirst({ data: a }, { data: b }));
  // A scheduled post is not due yet: like a draft, it is nowhere.
  const drafts = posts.filter((post) => post.visibility === "draft" || post.visibility === "scheduled");
  const unlisted = posts.filter((post) => post.visibility === "unlisted");
  const files = listFiles(distDir);
  const htmlFiles = files.filter((file) => file.endsWith(".html"));
  const documents = new Map<string, Document>();

  /** Site-relative path (with base) → file in dist, or undefined. */
  const fileFor = (path: string): string | undefined => {
    if (!path.startsWith(base)) return undefined;
    const inside = decodeURIComponent(path.slice(base.length));
    const candidates =
      inside === "" || inside.endsWith("/") ? [`${inside}index.html`] : [inside, `${inside}/index.html`];
    return candidates.find((candidate) => existsSync(join(distDir, candidate)));
  };
  const documentOf = (file: string): Document => {
    let document = documents.get(file);
    if (!document) {
      document = parseHTML(readFileSync(join(distDir, file), "utf8")).document;
      documents.set(file, document);
    }
    return document;
  };
  const postLinksOn = (file: string | undefined) =>
    file
      ? [...documentOf(file).querySelectorAll("main .post-card__title a, main .archive-item a")].map(
          (link) => link.getAttribute("href") ?? "",
        )
      : [];
  /** Every post link on a paginated list, following its pages. */
  const postLinksAcross = (firstPage: string) => {
    const links: string[] = [];
    for (let page = 1; ; page++) {
      const file = fileFor(page === 1 ? firstPage : `${firstPage}${page}/`);
      if (!file) break;
      links.push(...postLinksOn(file));
    }
    return new Set(links);
  };
  const postPath = (post: SourcePost) => `${base}blog/${post.slug}/`;
  const postUrl = (post: SourcePost) => `${origin}${postPath(post)}`;

  // 1. Every published post everywhere it belongs; counts match the collection.
  const blogIndex = postLinksAcross(`${base}blog/`);
  const archive = new Set(postLinksOn(fileFor(`${base}archive/`)));
  const feeds = {
    rss: readFeed(distDir, "rss.xml"),
    atom: readFeed(distDir, "atom.xml"),
    json: readFeed(distDir, "feed.json"),
  };
  const feedLinks = Object.fromEntries(
    Object.entries(feeds).map(([name, feed]) => [name, new Set(feed.items)]),
  ) as Record<keyof typeof feeds, Set<string>>;
  const sitemapFiles = sitemapFilesOf(distDir);
  const sitemapLocs = sitemapFiles.map((file) => ({ file, locs: locsIn(readFileSync(join(distDir, file), "utf8")) }));
  const sitemap = new Set(sitemapLocs.flatMap(({ locs }) => locs));
  const searchIndex = readSearchIndex(distDir);
  const inFeeds = new Set(published.slice(0, options.feedLimit));
  // Tag and category feeds carry a term's newest posts, feedLimit of them, like the main feed.
  const termFeedPosts = new Map<string, (typeof published)[number][]>();
  for (const post of published) {
    const feedFiles = new Set([
      ...post.tags.map((tag) => `tags/${termSlug(tag)}/rss.xml`),
      `categories/${termSlug(post.category)}/rss.xml`,
    ]);
    for (const feedFile of feedFiles) {
      const posts = termFeedPosts.get(feedFile) ?? [];
      if (posts.length === 0) termFeedPosts.set(feedFile, posts);
      posts.push(post);
    }
  }
  const inTermFeed = (feedFile: string, post: (typeof published)[number]) =>
    termFeedPosts.get(feedFile)?.slice(0, options.feedLimit).includes(post) ?? false;
  // Each term feed is read once, not once per post in it.
  const termFeedLinks = new Map<string, Set<string>>();
  const linksOfTermFeed = (feedFile: string) => {
    let links = termFeedLinks.get(feedFile);
    if (!links) {
      links = new Set(readFeed(distDir, feedFile).items);
      termFeedLinks.set(feedFile, links);
    }
    return links;
  };
  for (const post of published) {
    const where = (place: string) => problems.push(`published post ${post.file} is missing from ${place}`);
    if (!fileFor(postPath(post))) where(`its own page ${postPath(post)}`);
    if (!blogIndex.has(postPath(post))) where("the paginated blog index");
    if (!archive.has(postPath(post))) where("the archive");
    for (const tag of new Set(post.tags.map(termSlug))) {
      if (!postLinksAcross(`${base}tags/${tag}/`).has(postPath(post))) where(`the tag page /tags/${tag}/`);
      const feedFile = `tags/${tag}/rss.xml`;
      if (inTermFeed(feedFile, post) && !linksOfTermFeed(feedFile).has(postUrl(post))) where(`the feed of tag ${tag}`);
    }
    const category = termSlug(post.category);
    if (!postLinksAcross(`${base}categories/${category}/`).has(postPath(post))) where(`the category page ${category}`);
    const categoryFeed = `categories/${category}/rss.xml`;
    if (inTermFeed(categoryFeed, post) && !linksOfTermFeed(categoryFeed).has(postUrl(post)))
      where(`the feed of category ${category}`);
    for (const [name, links] of Object.entries(feedLinks)) {
      if (inFeeds.has(post) && !links.has(postUrl(post))) where(`the ${name} feed`);
    }
    if (!sitemap.has(postUrl(post))) where("the sitemap");
    // Pagefind records paths from the root of dist/, without the base path.
    if (!searchIndex.urls.has(`/blog/${post.slug}/`)) where("the search index");
    if (!existsSync(join(distDir, "og", `${post.slug}.png`))) where("the Open Graph images");
    if (!existsSync(join(distDir, "blog", `${post.slug}.md`))) where(`its Markdown twin blog/${post.slug}.md`);
  }
  // A page under blog/ with a meta refresh is a redirect page (an old slug of a renamed post), checked in 1b.
  const redirectTargetOf = (file: string): string | undefined => {
    const refresh = documentOf(file).querySelector('meta[http-equiv="refresh"]')?.getAttribute("content");
    return refresh === undefined || refresh === null ? undefined : (/url=(.*)$/i.exec(refresh)?.[1]?.trim() ?? "");
  };
  const blogPages = htmlFiles.filter((file) => /^blog\/(?!\d+\/)[^/]+\/index\.html$/.test(file));
  const redirectPages = new Map(
    blogPages.flatMap((file) => {
      const target = redirectTargetOf(file);
      return target === undefined ? [] : [[file, target] as const];
    }),
  );
  const postPages = blogPages.filter((file) => !redirectPages.has(file));
  if (postPages.length !== published.length + unlisted.length)
    problems.push(
      `${postPages.length} post pages for ${published.length} published and ${unlisted.length} unlisted posts`,
    );
  if (blogIndex.size !== published.length)
    problems.push(`the blog index lists ${blogIndex.size} posts, not ${published.length}`);
  if (searchIndex.pageCount !== published.length)
    problems.push(`the search index has ${searchIndex.pageCount} pages, not ${published.length}`);
  for (const [name, { items }] of Object.entries(feeds)) {
    if (items.length !== inFeeds.size) problems.push(`the ${name} feed has ${items.length} items, not ${inFeeds.size}`);
  }
  const tagCounts = new Map<string, number>();
  for (const post of published)
    for (const tag of new Set(post.tags.map(termSlug))) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  const tagsIndex = fileFor(`${base}tags/`);
  for (const item of tagsIndex ? documentOf(tagsIndex).querySelectorAll("main .term-index li") : []) {
    const slug = /\/tags\/([^/]+)\/$/.exec(decodeURI(item.querySelector("a")?.getAttribute("href") ?? ""))?.[1] ?? "";
    const count = item.querySelector(".term-tile__count")?.textContent ?? "";
    const shown = Number(/(\d+) posts?/.exec(count)?.[1]);
    if (shown !== tagCounts.get(slug))
      problems.push(`the tags index counts ${shown} posts for ${slug}, not ${tagCounts.get(slug) ?? 0}`);
  }

  // 1b. Each old slug of a post with a page (redirectFrom) has a redirect page to it: meta refresh, canonical
  // link and plain link to the post, noindex; a line in _redirects; no place in the sitemap or the search index.
  // And every redirect page leads to a live post, for an old slug a post lists.
  const withPages = [...published, ...unlisted];
  let redirects: PostRedirect<SourcePost>[] = [];
  try {
    redirects = postRedirects(withPages);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const redirectsFile = existsSync(join(distDir, "_redirects"))
    ? readFileSync(join(distDir, "_redirects"), "utf8")
    : "";
  const redirectRules = new Set(redirectsFile.split("\n").map((line) => line.trim().split(/\s+/).join(" ")));
  const expectedRedirects = new Map(redirects.map((redirect) => [`blog/${redirect.from}/index.html`, redirect]));
  for (const { from, to } of redirects) {
    const oldPath = `${base}blog/${from}/`;
    const file = `blog/${from}/index.html`;
    const what = `old slug ${from} of ${to.file}`;
    if (!redirectPages.has(file)) {
      problems.push(`${what} has no redirect page ${oldPath}`);
    } else {
      const document = documentOf(file);
      if (redirectPages.get(file) !== postPath(to))
        problems.push(`${what}: its page's meta refresh leads to ${redirectPages.get(file)}, not ${postPath(to)}`);
      if (document.querySelector('link[rel="canonical"]')?.getAttribute("href") !== postUrl(to))
        problems.push(`${what}: its page's canonical link is not ${postUrl(to)}`);
      if (![...document.querySelectorAll("body a[href]")].some((link) => link.getAttribute("href") === postPath(to)))
        problems.push(`${what}: its page has no plain link to ${postPath(to)}`);
      if (!/noindex/.test(document.querySelector('meta[name="robots"]')?.getAttribute("content") ?? ""))
        problems.push(`${what}: its page is not noindex`);
    }
    if (!redirectRules.has(`${oldPath} ${postPath(to)} 301`))
      problems.push(`${what}: _redirects has no line "${oldPath} ${postPath(to)} 301"`);
    if (sitemap.has(`${origin}${oldPath}`)) problems.push(`${what}: its redirect page is in the sitemap`);
    if (searchIndex.urls.has(`/blog/${from}/`)) problems.push(`${what}: its redirect page is in the search index`);
  }
  const livePaths = new Set(withPages.map(postPath));
  for (const [file, target] of redirectPages) {
    if (!livePaths.has(target)) problems.push(`${file} redirects to ${target}, which is no published or unlisted post`);
    else if (!expectedRedirects.has(file))
      problems.push(`${file} redirects to ${target}, but no post lists it in redirectFrom`);
  }

  // 1c. Every author with a file has a page and a feed, listing their published posts (the feed its newest
  // feedLimit); a series with MIN_SERIES_PARTS published parts has a page listing them in order, a smaller one none.
  const authorsDir = options.authorsDir ?? join(options.contentDir, "..", "authors");
  const profiles = new Map(
    (await readAuthorFiles(authorsDir)).flatMap((author) => {
      for (const problem of author.problems)
        problems.push(`${author.file}:${problem.line}: ${problem.field}: ${problem.message}`);
      return author.data ? [[author.id, { id: author.id, name: author.data.name }] as const] : [];
    }),
  );
  const postsByAuthor = new Map([...profiles.keys()].map((id) => [id, [] as SourcePost[]]));
  for (const post of published) {
    for (const { id } of resolveAuthors(post.author, profiles)) if (id) postsByAuthor.get(id)?.push(post);
  }
  for (const [id, posts] of postsByAuthor) {
    if (!fileFor(`${base}authors/${id}/`)) {
      problems.push(`author ${id} (${join(authorsDir, id)}.yaml) has no page ${base}authors/${id}/`);
      continue;
    }
    const listed = postLinksAcross(`${base}authors/${id}/`);
    const feed = new Set(readFeed(distDir, `authors/${id}/rss.xml`).items);
    if (!existsSync(join(distDir, `authors/${id}/rss.xml`)))
      problems.push(`author ${id} has no feed authors/${id}/rss.xml`);
    posts.forEach((post, index) => {
      if (!listed.has(postPath(post)))
        problems.push(`published post ${post.file} is missing from its author page /authors/${id}/`);
      if (index < options.feedLimit && !feed.has(postUrl(post)))
        problems.push(`published post ${post.file} is missing from the feed of author ${id}`);
    });
    if (listed.size !== posts.length)
      problems.push(`the page of author ${id} lists ${listed.size} posts, not ${posts.length}`);
  }
  const partsBySeries = new Map<string, SourcePost[]>();
  for (const post of published) {
    if (post.series)
      partsBySeries.set(termSlug(post.series), [...(partsBySeries.get(termSlug(post.series)) ?? []), post]);
  }
  for (const [slug, parts] of partsBySeries) {
    const page = fileFor(`${base}series/${slug}/`);
    if (parts.length < MIN_SERIES_PARTS) {
      if (page)
        problems.push(`the series ${slug} has ${parts.length} published part, and a page ${base}series/${slug}/`);
      continue;
    }
    const inOrder = [...parts].sort((a, b) => compareOldestFirst({ slug: a.slug, data: a }, { slug: b.slug, data: b }));
    const listed = page ? postLinksOn(page) : [];
    if (listed.join(" ") !== inOrder.map(postPath).join(" "))
      problems.push(
        `the series page ${base}series/${slug}/ lists ${listed.join(", ") || "nothing"}, not ${inOrder.map(postPath).join(", ")}`,
      );
  }

  // 1c. llms.txt links exactly the public posts' Markdown twins (src/domain/llms-txt.ts).
  const llmsTxt = existsSync(join(distDir, "llms.txt")) ? readFileSync(join(distDir, "llms.txt"), "utf8") : undefined;
  if (llmsTxt === undefined) problems.push("llms.txt is missing");
  else {
    const listed = new Set(
      [...llmsTxt.matchAll(/^- \[(?:\\.|[^\]\\])*\]\(<?([^)>\s]+)>?\)/gm)].map((match) => decodeURI(match[1] ?? "")),
    );
    const twins = new Set(published.map((post) => `${origin}${base}blog/${post.slug}.md`));
    for (const twin of twins) if (!listed.has(twin)) problems.push(`llms.txt does not list ${twin}`);
    for (const url of listed) {
      const isTwin = url.startsWith(`${origin}${base}blog/`) && url.endsWith(".md");
      if (isTwin && !twins.has(url)) problems.push(`llms.txt lists ${url}, which is no public post's twin`);
    }
  }

  // 2. No draft anywhere: no page, no image, no text that names or links it.
  for (const draft of drafts) {
    if (fileFor(postPath(draft))) problems.push(`draft ${draft.file} has a page`);
    if (existsSync(join(distDir, "blog", `${draft.slug}.md`))) problems.push(`draft ${draft.file} has a Markdown twin`);
    if (existsSync(join(distDir, "og", `${draft.slug}.png`)))
      problems.push(`draft ${draft.file} has an Open Graph image`);
    for (const from of draft.redirectFrom) {
      if (redirectPages.has(`blog/${from}/index.html`) && !expectedRedirects.has(`blog/${from}/index.html`))
        problems.push(`draft ${draft.file} has a redirect page at its old slug ${from}`);
    }
  }
  const texts = files
    .filter((file) => /\.(html|xml|json|txt|js|css|xsl)$/.test(file))
    .map((file) => [file, readFileSync(join(distDir, file), "utf8")] as const);
  for (const [file, text] of [...texts, ...searchIndex.fragments]) {
    for (const draft of drafts) {
      if (draft.title && text.includes(draft.title)) problems.push(`${file} contains the title of draft ${draft.file}`);
      if (text.includes(`/blog/${draft.slug}/`)) problems.push(`${file} links draft ${draft.file}`);
    }
  }

  // 2b. An unlisted post: its page (noindex) and its card, and no list, feed, sitemap entry or search result links it.
  for (const post of unlisted) {
    const page = fileFor(postPath(post));
    if (!page) problems.push(`unlisted post ${post.file} has no page`);
    else if (!/noindex/.test(documentOf(page).querySelector('meta[name="robots"]')?.getAttribute("content") ?? ""))
      problems.push(`unlisted post ${post.file}'s page is not noindex`);
    if (!existsSync(join(distDir, "og", `${post.slug}.png`)))
      problems.push(`unlisted post ${post.file} has no Open Graph image`);
    if (sitemap.has(postUrl(post))) problems.push(`unlisted post ${post.file} is in the sitemap`);
    if (searchIndex.urls.has(`/blog/${post.slug}/`)) problems.push(`unlisted post ${post.file} is in the search index`);
    for (const [file, text] of [...texts, ...searchIndex.fragments]) {
      // Its own redirect pages lead to it (an old URL was shared too).
      if (expectedRedirects.get(file)?.to === post) continue;
      if (file !== page && text.includes(`/blog/${post.slug}/`))
        problems.push(`${file} links unlisted post ${post.file}`);
    }
  }

  // 3. Links, images and anchors resolve; external links are well-formed.
  let linksChecked = 0;
  const checkUrl = (from: string, raw: string) => {
    linksChecked += 1;
    let url: URL;
    try {
      url = new URL(raw, `${origin}/${from}`);
    } catch {
      problems.push(`${from}: malformed URL ${raw}`);
      return;
    }
    if (!/^(https?|mailto|data):$/.test(url.protocol)) {
      problems.push(`${from}: unexpected URL scheme in ${raw}`);
      return;
    }
    if (url.origin !== origin) return;
    const target = fileFor(url.pathname);
    if (!target) {
      problems.push(`${from}: ${raw} does not resolve to a file in dist/`);
      return;
    }
    if (url.hash && target.endsWith(".html")) {
      const id = decodeURIComponent(url.hash.slice(1));
      if (!documentOf(target).getElementById(id))
        problems.push(`${from}: ${raw} points to #${id}, which ${target} lacks`);
    }
  };
  for (const file of htmlFiles) {
    const document = documentOf(file);
    const pagePath = `${base}${file.replace(/index\.html$/, "")}`;
    const from = pagePath.slice(1);
    for (const element of document.querySelectorAll(
      "a[href], link[href], img[src], script[src], source[srcset], img[srcset]",
    )) {
      for (const attribute of ["href", "src"]) {
        const value = element.getAttribute(attribute);
        if (value !== null) checkUrl(from, value);
      }
      const srcset = element.getAttribute("srcset");
      for (const candidate of srcset ? srcset.split(",") : []) checkUrl(from, candidate.trim().split(/\s+/)[0] ?? "");
    }
    for (const meta of document.querySelectorAll('meta[property="og:image"], meta[name="twitter:image"]')) {
      checkUrl(from, meta.getAttribute("content") ?? "");
    }
  }
  for (const { file, urls } of Object.values(feeds)) for (const url of urls) checkUrl(file, url);
  for (const { file, locs } of sitemapLocs) for (const loc of locs) checkUrl(file, loc);

  // 4. Valid HTML and XML.
  const validator = new HtmlValidate(JSON.parse(readFileSync(options.htmlValidateConfig, "utf8")));
  for (const file of htmlFiles) {
    const report = await validator.validateString(readFileSync(join(distDir, file), "utf8"), file);
    for (const result of report.results) {
      for (const message of result.messages)
        problems.push(`${file}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`);
    }
  }
  // Feeds, sitemaps, stylesheets and drawings: strict XML (libxml2), as a feed reader or a browser reads them.
  const xmlFiles = files.filter((file) => /\.(xml|xsl|svg)$/.test(file));
  for (const file of xmlFiles)
    problems.push(...(await xmlWellFormednessProblems(file, readFileSync(join(distDir, file), "utf8"))));
  if (sitemapFiles.length === 0) problems.push("sitemap-index.xml lists no sitemap");
  for (const [file, xsd] of [
    ["sitemap-index.xml", "siteindex.xsd"],
    ...sitemapFiles.map((name) => [name, "sitemap.xsd"] as const),
  ] as const) {
    if (!existsSync(join(distDir, file))) {
      problems.push(`${file} is missing`);
      continue;
    }
    const result = await validateXML({
      xml: { fileName: "document.xml", contents: readFileSync(join(distDir, file), "utf8") },
      schema: { fileName: "schema.xsd", contents: readFileSync(join(options.xsdDir, xsd), "utf8") },
    });
    for (const error of result.valid ? [] : result.errors) problems.push(`${file} against ${xsd}: ${error.rawMessage}`);
  }
  const jsonFiles = files.filter((name) => name.endsWith(".json") && !name.startsWith("pagefind/"));
  for (const file of jsonFiles) problems.push(...jsonProblems(file, readFileSync(join(distDir, file), "utf8")));

  // 5. Nothing live in the output: no script, handler or script link in a drawing, no handler or script URL in a
  // page, and nothing of either, nor an active element, in the HTML a feed carries (any RSS, Atom or JSON feed).
  for (const file of files.filter((name) => name.endsWith(".svg")))
    problems.push(...svgProblems(file, readFileSync(join(distDir, file), "utf8")));
  for (const file of htmlFiles) problems.push(...pageProblems(file, documentOf(file)));
  for (const file of [...files.filter((name) => name.endsWith(".xml")), ...jsonFiles])
    problems.push(...feedProblems(file, readFileSync(join(distDir, file), "utf8")));

  return {
    problems,
    published: published.length,
    unlisted: unlisted.length,
    drafts: drafts.length,
    pages: htmlFiles.length,
    redirects: redirectPages.size,
    linksChecked,
  };
}

interface FeedContents {
  file: string;
  /** The items' links, in feed order, as absolute decoded URLs. */
  items: string[];
  /** Every URL the feed points to: its own links, image and icon, its stylesheet, and the links and images in its items' HTML. */
  urls: string[];
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Text stays text (a title "2024" is no number); numeric character references are decoded.
  parseTagValue: false,
  htmlEntities: true,
  isArray: (_name, jPath) => ["rss.channel.item", "feed.entry", "feed.link", "feed.entry.link"].includes(String(jPath)),
});

const hasScheme = (value: string) => /^[a-z][a-z\d+.-]*:/i.test(value);

/** The href and src of every element in a fragment of HTML (an item's content or summary), absolute ones only. */
function urlsInHtml(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return [...document.querySelectorAll("[href], [src]")]
    .flatMap((element) => [element.getAttribute("href"), element.getAttribute("src")])
    .filter((value): value is string => value !== null && hasScheme(value));
}

/** URLs in a parsed XML feed: link, url, icon and logo elements, href attributes, and HTML in any text. */
function urlsInXml(node: unknown, name = ""): string[] {
  const localName = name.replace(/^.*:/, "");
  if (typeof node === "string") {
    const own = ["link", "url", "uri", "icon", "logo", "@_href"].includes(localName) && hasScheme(node) ? [node] : [];
    return [...own, ...(node.includes("<") ? urlsInHtml(node) : [])];
  }
  if (Array.isArray(node)) return node.flatMap((child) => urlsInXml(child, name));
  if (node && typeof node === "object") {
    return Object.entries(node).flatMap(([key, value]) =>
      // The stylesheet's href is resolved like any link, relative or not.
      name === "?xml-stylesheet" && key === "@_href" ? [String(value)] : urlsInXml(value, key === "#text" ? name : key),
    );
  }
  return [];
}

interface JsonFeed {
  home_page_url?: string;
  feed_url?: string;
  icon?: string;
  favicon?: string;
  items?: {
    url?: string;
    external_url?: string;
    image?: string;
    banner_image?: string;
    content_html?: string;
    authors?: { url?: string }[];
  }[];
}

/**
 * A feed file read with a real parser: RSS 2.0 and Atom with fast-xml-parser, JSON Feed with JSON.parse.
 * Empty when the file does not exist or cannot be parsed (section 4 reports a file that is not well-formed).
 */
function readFeed(distDir: string, file: string): FeedContents {
  const path = join(distDir, file);
  const empty = { file, items: [], urls: [] };
  if (!existsSync(path)) return empty;
  const text = readFileSync(path, "utf8");
  try {
    if (file.endsWith(".json")) {
      const feed = JSON.parse(text) as JsonFeed;
      const items = feed.items ?? [];
      const urls = [
        feed.home_page_url,
        feed.feed_url,
        feed.icon,
        feed.favicon,
        ...items.flatMap((item) => [item.url, item.external_url, item.image, item.banner_image]),
        ...items.flatMap((item) => (item.authors ?? []).map((author) => author.url)),
      ].filter((url): url is string => typeof url === "string");
      return {
        file,
        items: items.map((item) => decodeURI(item.url ?? "")),
        urls: [...urls, ...items.flatMap((item) => urlsInHtml(item.content_html ?? ""))],
      };
    }
    const xml = xmlParser.parse(text) as {
      rss?: { channel?: { item?: { link?: string }[] } };
      feed?: { entry?: { link?: { "@_href"?: string; "@_rel"?: string }[] }[] };
    };
    const items = xml.feed
      ? (xml.feed.entry ?? []).map(
          (entry) => (entry.link ?? []).find((link) => (link["@_rel"] ?? "alternate") === "alternate")?.["@_href"],
        )
      : (xml.rss?.channel?.item ?? []).map((item) => item.link);
    return { file, items: items.map((link) => decodeURI(String(link ?? "").trim())), urls: urlsInXml(xml) };
  } catch {
    return empty;
  }
}

/** Pagefind's index: how many pages it holds, their URLs, and their decompressed text. */
function readSearchIndex(distDir: string): { pageCount: number; urls: Set<string>; fragments: [string, string][] } {
  const entry = join(distDir, "pagefind", "pagefind-entry.json");
  if (!existsSync(entry)) return { pageCount: 0, urls: new Set(), fragments: [] };
  const languages = JSON.parse(readFileSync(entry, "utf8")).languages as Record<string, { page_count: number }>;
  const fragmentDir = join(distDir, "pagefind", "fragment");
  const fragments = readdirSync(fragmentDir).map((file) => {
    const text = gunzipSync(readFileSync(join(fragmentDir, file)))
      .toString("utf8")
      .replace(/^pagefind_dcd/, "");
    return [`pagefind/fragment/${file}`, text] as [string, string];
  });
  const urls = new Set(fragments.map(([, text]) => decodeURI(JSON.parse(text).url as string)));
  return {
    pageCount: Object.values(languages).reduce((sum, language) => sum + language.page_count, 0),
    urls,
    fragments,
  };
}

const locsIn = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => decodeURI(match[1] ?? ""));

/** The sitemap files the index lists (they sit at the root of dist/, whatever the base path). */
export function sitemapFilesOf(distDir: string): string[] {
  const index = join(distDir, "sitemap-index.xml");
  if (!existsSync(index)) return [];
  return locsIn(readFileSync(index, "utf8")).map((loc) => new URL(loc).pathname.split("/").pop() ?? "");
}
