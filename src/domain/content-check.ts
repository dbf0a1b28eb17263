/**
 * The author's content check (`npm run check`): every problem in every post in one
 * run, each with file, line and field. Pure apart from the file look-ups it is given.
 */
import { type Features, markdownToMdast, mdxToMdast } from "satteri";
import type { AuthorSource } from "#src/domain/author-source.ts";
import { authorRefs, authorSuggestion, isAuthorIdShaped } from "#src/domain/authors.ts";
import { decodePostFile, splitPostFile } from "#src/domain/frontmatter.ts";
import { mdxCodeProblems } from "#src/domain/mdx-code.ts";
import { parseFrontmatterYaml, toPostSource } from "#src/domain/post-source.ts";
import { postVisibility } from "#src/domain/post-visibility.ts";
import { findSlugClashes, type SlugClash } from "#src/domain/redirects.ts";
import { MIN_SERIES_PARTS } from "#src/domain/series.ts";
import { termSlug } from "#src/domain/taxonomy.ts";
import { readTaxonomyFile } from "#src/domain/taxonomy-file.ts";
import { BIDI_CONTROL } from "#src/domain/text-hygiene.ts";
import type { PostData } from "#src/schemas/post.ts";
import { siteConfig } from "#src/site.config.ts";

export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  severity: "error" | "warning";
}

export interface PostText {
  /** Path as shown to the author, e.g. "src/content/blog/my-post.mdx". */
  path: string;
  /** The file's bytes (checked to be UTF-8, a byte order mark dropped), or its text already decoded. */
  source: string | Uint8Array;
}

/** A post, as the check hands it to `renderProblems`. */
export interface PostToRender {
  /** Path as shown to the author, e.g. "src/content/blog/my-post.mdx". */
  path: string;
  /** The whole file, decoded. */
  text: string;
  /** The line of the file the body (what follows the frontmatter) starts on. */
  bodyLine: number;
  isMdx: boolean;
  /** The frontmatter, parsed. */
  frontmatter: Record<string, unknown>;
}

/** A problem the Markdown pipeline found in a post. */
export interface RenderProblem {
  /** 1-based line of the post's file. */
  line: number;
  message: string;
}

export interface CheckEnvironment {
  /** Whether a file exists, given a path relative to the working directory. */
  fileExists(path: string): boolean;
  /** Site-relative URLs that exist besides posts, tags and categories (public files, fixed pages). */
  extraRoutes?: ReadonlySet<string>;
  defaultAuthor?: string;
  /** The author files (src/content/authors/), as the raw reader read them: their problems are reported too. */
  authors?: readonly AuthorSource[] | undefined;
  /**
   * The taxonomy file beside the posts' folder (src/content/taxonomy.yaml), when there is one: its problems
   * are errors, and each tag (and, when it has a `categories` section, each category) it lacks a warning.
   */
  taxonomy?: { path: string; text: string } | undefined;
  /** The parser features of the site's Markdown pipeline (math, GFM), so posts are read as the build reads them. */
  features?: Features;
  /**
   * Renders a post with the site's Markdown pipeline, as the build does, and returns what its plugins
   * reported (an unclosed fence, a formula or a diagram that does not parse): `npm run check` names the
   * problems the build would stop on. Posts whose MDX does not parse are not rendered (that is reported).
   */
  renderProblems?(post: PostToRender): Promise<readonly RenderProblem[]>;
}

/** What cards and search results show of an excerpt before cutting it. */
export const EXCERPT_LIMIT = 160;

const FIXED_ROUTES = [
  "/",
  "/blog/",
  "/tags/",
  "/categories/",
  "/archive/",
  "/search/",
  "/feeds/",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/sitemap-index.xml",
  "/robots.txt",
];

interface ParsedPost {
  file: PostText;
  text: string;
  data?: PostData | undefined;
  raw: Record<string, unknown>;
  slug: string;
  lineOf(path: readonly PropertyKey[]): number;
  bodyLine: number;
  body: string;
}

/** Checks every post; returns problems sorted by file and line. */
export async function checkContent(files: readonly PostText[], env: CheckEnvironment): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const report = (
    file: string,
    line: number,
    field: string,
    message: string,
    severity: "error" | "warning" = "error",
  ) => problems.push({ file, line, field, message, severity });

  // No file stops the check: whatever one throws is reported against that file.
  const failed = (path: string, error: unknown) =>
    report(
      path,
      1,
      "file",
      `the check could not read this file: ${error instanceof Error ? error.message : String(error)}`,
    );
  const parsed: ParsedPost[] = [];
  for (const file of files) {
    try {
      const post = await parsePost(file, env, report);
      if (post) parsed.push(post);
    } catch (error) {
      failed(file.path, error);
    }
  }

  for (const author of env.authors ?? []) {
    for (const problem of author.problems) report(author.file, problem.line, problem.field, problem.message);
  }
  const profiles = (env.authors ?? []).flatMap((author) =>
    author.data ? [{ id: author.id, name: author.data.name, file: author.file }] : [],
  );

  checkSlugs(parsed, report);
  checkOldSlugs(parsed, report);
  const routes = knownRoutes(parsed, env, profiles);
  for (const post of parsed) {
    try {
      checkFrontmatterQuality(post, report);
      const parses = checkBody(post, routes, report, env.features);
      if (parses && env.renderProblems) await checkRendering(post, env.renderProblems, report);
    } catch (error) {
      failed(post.file.path, error);
    }
  }
  checkTagSpellings(parsed, report);
  if (env.taxonomy) checkTaxonomy(env.taxonomy, parsed, report);
  checkAuthorNames(parsed, profiles, report);

  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.field.localeCompare(b.field));
}

type Report = (file: string, line: number, field: string, message: string, severity?: "error" | "warning") => void;

async function parsePost(file: PostText, env: CheckEnvironment, report: Report): Promise<ParsedPost | undefined> {
  const decoded = typeof file.source === "string" ? { text: file.source } : decodePostFile(file.source);
  if (decoded.text === undefined) {
    report(file.path, 1, "encoding", decoded.problem);
    return undefined;
  }
  const parts = splitPostFile(decoded.text);
  if (parts.yaml === undefined) {
    report(file.path, 1, "frontmatter", "expected frontmatter between --- lines at the top of the file, found none");
    return undefined;
  }
  const yaml = parseFrontmatterYaml(parts.yaml);
  // +1 for the opening --- line.
  const lineOf = (path: readonly PropertyKey[]) => yaml.lineOf(path) + 1;
  if (!yaml.raw) {
    for (const error of yaml.errors) {
      report(
        file.path,
        error.line + 1,
        "frontmatter",
        error.refused ? error.message : `malformed YAML: ${error.message}`,
      );
    }
    return undefined;
  }
  const post = await toPostSource(file.path, yaml.raw, parts.body, {
    fileExists: env.fileExists,
    defaultAuthor: env.defaultAuthor ?? "Site author",
  });
  for (const issue of post.issues) {
    report(file.path, lineOf(issue.path), issue.path.join(".") || "frontmatter", issue.message);
  }
  return {
    file,
    text: decoded.text,
    data: post.data,
    raw: yaml.raw,
    slug: post.slug,
    lineOf,
    bodyLine: parts.bodyLine,
    body: parts.body,
  };
}

function checkSlugs(posts: readonly ParsedPost[], report: Report): void {
  const bySlug = new Map<string, ParsedPost[]>();
  for (const post of posts) bySlug.set(post.slug, [...(bySlug.get(post.slug) ?? []), post]);
  for (const [slug, holders] of bySlug) {
    if (holders.length < 2) continue;
    for (const post of holders) {
      const others = holders.filter((other) => other !== post).map((other) => other.file.path);
      report(post.file.path, post.lineOf(["slug"]), "slug", `"${slug}" is also the slug of ${others.join(", ")}`);
    }
  }
}

/**
 * Old slugs (`redirectFrom`) that another URL holds: an error among the posts a build gives a page (it would
 * stop the build, src/domain/redirects.ts), a warning when a draft or scheduled post is one of the two.
 */
function checkOldSlugs(posts: readonly ParsedPost[], report: Report): void {
  const holders = posts.flatMap((post) =>
    post.data ? [{ post, slug: post.slug, file: post.file.path, redirectFrom: post.data.redirectFrom }] : [],
  );
  const live = holders.filter(({ post }) => /^(public|unlisted)$/.test(postVisibility(post.data as PostData)));
  const key = (clash: SlugClash) => `${clash.file}\0${clash.index}\0${clash.other}`;
  const errors = findSlugClashes(live);
  const reported = new Set(errors.map(key));
  const lineOf = (file: string, index: number) =>
    holders.find((holder) => holder.file === file)?.post.lineOf(["redirectFrom", index]) ?? 1;
  for (const clash of errors)
    report(clash.file, lineOf(clash.file, clash.index), `redirectFrom.${clash.index}`, clash.message);
  for (const clash of findSlugClashes(holders)) {
    if (reported.has(key(clash))) continue;
    report(
      clash.file,
      lineOf(clash.file, clash.index),
      `redirectFrom.${clash.index}`,
      `${clash.message} (an error once both are published)`,
      "warning",
    );
  }
}

/** The fields whose text names the post or its pages (titles, tags, the category), by path. */
function namingTexts(raw: Record<string, unknown>): [PropertyKey[], unknown][] {
  const seo = typeof raw.seo === "object" && raw.seo !== null ? (raw.seo as Record<string, unknown>) : {};
  const tags = Array.isArray(raw.tags) ? raw.tags : [];
  return [
    [["title"], raw.title],
    [["seo", "title"], seo.title],
    [["category"], raw.category],
    ...tags.map((tag, index): [PropertyKey[], unknown] => [["tags", index], tag]),
  ];
}

function checkFrontmatterQuality(post: ParsedPost, report: Report): void {
  const { raw, file } = post;
  for (const [path, text] of namingTexts(raw)) {
    const control = typeof text === "string" ? BIDI_CONTROL.exec(text)?.[0] : undefined;
    if (control === undefined) continue;
    const code = (control.codePointAt(0) as number).toString(16).toUpperCase();
    report(
      file.path,
      post.lineOf(path),
      path.join("."),
      `contains the bidirectional control U+${code}, which can show the text in another order than it is written (in lists, feeds and search results too); remove it unless the text needs it`,
      "warning",
    );
  }
  if (typeof raw.coverImage === "string" && raw.coverAlt === undefined) {
    report(
      file.path,
      post.lineOf(["coverImage"]),
      "coverAlt",
      "the cover has no alt text (it falls back to the title); describe what the image shows",
      "warning",
    );
  }
  if (typeof raw.excerpt === "string" && [...raw.excerpt].length > EXCERPT_LIMIT) {
    report(
      file.path,
      post.lineOf(["excerpt"]),
      "excerpt",
      `${[...raw.excerpt].length} characters; cards and search results show about ${EXCERPT_LIMIT}`,
      "warning",
    );
  }
}

interface MdNode {
  type: string;
  url?: string;
  alt?: string | null;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start: { line: number } };
  children?: MdNode[];
}

/** Checks the body's Markdown; false when it does not parse (an MDX syntax error, reported). */
function checkBody(post: ParsedPost, routes: Routes, report: Report, features: Features | undefined): boolean {
  const { file } = post;
  const isMdx = file.path.endsWith(".mdx");
  let tree: MdNode;
  try {
    const options = features ? { features } : {};
    tree = (isMdx ? mdxToMdast(post.body, options) : markdownToMdast(post.body, options)) as MdNode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/(\d+):\d+/.exec(message)?.[1] ?? 1);
    report(file.path, post.bodyLine + line - 1, "body", `MDX syntax error: ${message.split("\n")[0]}`);
    return false;
  }
  if (isMdx) {
    for (const problem of mdxCodeProblems(post.body, siteConfig.mdxImports)) {
      report(file.path, post.bodyLine + problem.line - 1, "body", problem.message);
    }
  }
  const stack: MdNode[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as MdNode;
    if (node.children) stack.push(...node.children);
    const line = post.bodyLine + (node.position?.start.line ?? 1) - 1;
    if (node.type === "image" && !node.alt?.trim()) {
      report(file.path, line, "body", `image ${node.url} has no alt text: write ![what it shows](${node.url})`);
    }
    if (
      (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") &&
      /^(img|Figure)$/.test(node.name ?? "")
    ) {
      const alt = node.attributes?.find((attribute) => attribute.name === "alt");
      if (!alt || (typeof alt.value === "string" && !alt.value.trim())) {
        report(file.path, line, "body", `<${node.name}> has no alt text: add alt="what it shows"`);
      }
    }
    const href =
      node.type === "link"
        ? node.url
        : node.type.startsWith("mdxJsx") && node.name === "a"
          ? (node.attributes?.find((attribute) => attribute.name === "href")?.value as string | undefined)
          : undefined;
    if (typeof href === "string") {
      const problem = routes.check(href, `/blog/${post.slug}/`);
      if (problem) report(file.path, line, "body", problem);
    }
  }
  return true;
}

/** What the site's Markdown pipeline reports on the post, as the build would: field `body`. */
async function checkRendering(
  post: ParsedPost,
  renderProblems: NonNullable<CheckEnvironment["renderProblems"]>,
  report: Report,
): Promise<void> {
  const problems = await renderProblems({
    path: post.file.path,
    text: post.text,
    bodyLine: post.bodyLine,
    isMdx: post.file.path.endsWith(".mdx"),
    frontmatter: post.raw,
  });
  for (const problem of problems) report(post.file.path, problem.line, "body", problem.message);
}

interface Routes {
  /** Why an internal link is broken, or undefined when it resolves (external links are not checked). */
  check(href: string, fromPath: string): string | undefined;
}

function knownRoutes(
  posts: readonly ParsedPost[],
  env: CheckEnvironment,
  profiles: readonly { id: string }[] = [],
): Routes {
  // A post that fails the schema is neither: its errors are reported, and the build stops on them.
  const withData = posts.flatMap(({ slug, data }) => (data ? [{ slug, data, visibility: postVisibility(data) }] : []));
  const absent = new Map<string, "draft" | "scheduled">(
    withData.flatMap(({ slug, visibility }) =>
      visibility === "draft" || visibility === "scheduled" ? [[`/blog/${slug}/`, visibility] as const] : [],
    ),
  );
  const routes = new Set<string>([...FIXED_ROUTES, ...(env.extraRoutes ?? [])]);
  // Every author with a file has a page and a feed; a series has a page once it has enough public parts.
  for (const { id } of profiles) routes.add(`/authors/${id}/`).add(`/authors/${id}/rss.xml`);
  const seriesParts = new Map<string, number>();
  for (const { data, visibility } of withData) {
    if (visibility === "public" && data.series) {
      seriesParts.set(termSlug(data.series), (seriesParts.get(termSlug(data.series)) ?? 0) + 1);
    }
  }
  for (const [slug, parts] of seriesParts)
    if (parts >= MIN_SERIES_PARTS) routes.add(`/series/${slug}/`).add("/series/");
  for (const { slug, data, visibility } of withData) {
    if (visibility === "draft" || visibility === "scheduled") continue;
    // An unlisted post has its page and card (a link to it is fine), but no place on tag or category pages.
    routes.add(`/blog/${slug}/`);
    routes.add(`/og/${slug}.png`);
    // An old slug's redirect page.
    for (const from of data.redirectFrom ?? []) routes.add(`/blog/${from}/`);
    if (visibility === "unlisted") continue;
    for (const tag of data.tags) routes.add(`/tags/${termSlug(tag)}/`);
    routes.add(`/categories/${termSlug(data.category)}/`);
  }
  return {
    check(href, fromPath) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//") || href.startsWith("#")) return undefined;
      const url = new URL(href, `https://site.invalid${fromPath}`);
      const path = decodeURI(url.pathname);
      if (routes.has(path) || /^\/blog\/\d+\/$/.test(path) || env.fileExists(`public${path}`)) return undefined;
      const missing = absent.get(path);
      if (missing === "draft") return `links to ${path}, a draft: it will not exist on the published site`;
      if (missing === "scheduled") return `links to ${path}, a scheduled post: it will not exist until its date`;
      if (routes.has(`${path}/`)) return `links to ${path}, which does not exist; did you mean ${path}/?`;
      return `links to ${path}, which is not a page or file of this site`;
    },
  };
}

function checkTagSpellings(posts: readonly ParsedPost[], report: Report): void {
  const spellings = new Map<string, Set<string>>();
  for (const post of posts) {
    for (const tag of Array.isArray(post.raw.tags) ? post.raw.tags : []) {
      if (typeof tag !== "string") continue;
      const slug = termSlug(tag);
      spellings.set(slug, (spellings.get(slug) ?? new Set()).add(tag.trim()));
    }
  }
  for (const post of posts) {
    const tags = Array.isArray(post.raw.tags) ? post.raw.tags : [];
    tags.forEach((tag, index) => {
      if (typeof tag !== "string") return;
      const variants = spellings.get(termSlug(tag)) ?? new Set();
      if (variants.size > 1) {
        report(
          post.file.path,
          post.lineOf(["tags", index]),
          `tags.${index}`,
          `"${tag.trim()}" is spelled ${[...variants].map((variant) => `"${variant}"`).join(", ")} across posts; they are one tag, so pick one spelling`,
          "warning",
        );
      }
    });
  }
}

/**
 * A plain-name author (a value that is no author id with a file) close to an author's id or name is probably
 * that author mistyped: it shows as a name that links nowhere. Warned, not refused: plain names are allowed.
 */
function checkAuthorNames(
  posts: readonly ParsedPost[],
  profiles: readonly { id: string; name: string; file: string }[],
  report: Report,
): void {
  if (profiles.length === 0) return;
  const ids = new Set(profiles.map((profile) => profile.id));
  // One look-up a distinct value, however many posts write it.
  const suggestions = new Map<string, (typeof profiles)[number] | undefined>();
  for (const post of posts) {
    const written = post.raw.author;
    const list = Array.isArray(written) ? written : [written];
    list.forEach((item, index) => {
      if (typeof item !== "string") return;
      const [value] = authorRefs(item);
      if (value === undefined || (isAuthorIdShaped(value) && ids.has(value))) return;
      if (!suggestions.has(value)) suggestions.set(value, authorSuggestion(value, profiles));
      const suggestion = suggestions.get(value);
      if (!suggestion) return;
      const path = Array.isArray(written) ? ["author", index] : ["author"];
      report(
        post.file.path,
        post.lineOf(path),
        path.join("."),
        `"${value}" is no author id, so it shows as a plain name linking nowhere; did you mean "${suggestion.id}" (${suggestion.name}, ${suggestion.file})?`,
        "warning",
      );
    });
  }
}

/**
 * The taxonomy file (src/domain/taxonomy-file.ts): its own problems, each tag of a post it has no entry for
 * (and each category, once it has a `categories` section), and each entry no post uses (a renamed tag, say).
 */
function checkTaxonomy(file: { path: string; text: string }, posts: readonly ParsedPost[], report: Report): void {
  const reading = readTaxonomyFile(file.text);
  for (const problem of reading.problems) report(file.path, problem.line, problem.field, problem.message);
  const { taxonomy } = reading;
  if (!taxonomy) return;
  const used = { tags: new Set<string>(), categories: new Set<string>() };
  for (const post of posts) {
    const tags = Array.isArray(post.raw.tags) ? post.raw.tags : [];
    tags.forEach((tag, index) => {
      if (typeof tag !== "string") return;
      const slug = termSlug(tag);
      used.tags.add(slug);
      if (Object.hasOwn(taxonomy.tags, slug)) return;
      report(
        post.file.path,
        post.lineOf(["tags", index]),
        `tags.${index}`,
        `the tag "${tag.trim()}" is not in ${file.path}: add it under tags as ${slug} (with a description)`,
        "warning",
      );
    });
    const category = post.raw.category;
    if (typeof category !== "string") continue;
    const slug = termSlug(category);
    used.categories.add(slug);
    if (reading.sections.categories && !Object.hasOwn(taxonomy.categories, slug)) {
      report(
        post.file.path,
        post.lineOf(["category"]),
        "category",
        `the category "${category.trim()}" is not in ${file.path}: add it under categories as ${slug} (with a description)`,
        "warning",
      );
    }
  }
  for (const kind of ["tags", "categories"] as const) {
    for (const slug of Object.keys(taxonomy[kind])) {
      if (used[kind].has(slug)) continue;
      report(
        file.path,
        reading.lineOf([kind, slug]),
        `${kind}.${slug}`,
        `no post has the ${kind === "tags" ? "tag" : "category"} ${slug}: remove the entry, or fix its slug`,
        "warning",
      );
    }
  }
}

/** `file:line  field  message`, one line a problem, as the check prints them. */
export function formatProblem(problem: ContentProblem): string {
  const tag = problem.severity === "warning" ? "warning" : "error";
  return `${problem.file}:${problem.line}  ${problem.field}  ${tag}: ${problem.message}`;
}
