/**
 * Series and authors (issue #18): the pure rules (src/domain/series.ts, authors.ts), the blog index built on
 * them, the author schema and file reader, JSON-LD and feeds, and `npm run check`'s warning on a plain name
 * one typo from an author.
 */
import { existsSync, readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readAuthorFiles } from "#build/content/author-files.ts";
import { readAuthorFile, toAuthorSource } from "#src/domain/author-source.ts";
import {
  type AuthorProfile,
  authorRefs,
  authorSuggestion,
  creditsOf,
  joinNames,
  resolveAuthors,
} from "#src/domain/authors.ts";
import { buildBlogIndex, type IndexablePost } from "#src/domain/blog-index.ts";
import { checkContent, formatProblem } from "#src/domain/content-check.ts";
import { atomXml, type FeedChannel, jsonFeed, rssXml, toFeedItem } from "#src/domain/feeds/feed.ts";
import { buildPostMeta } from "#src/domain/seo.ts";
import { compareOldestFirst, groupSeries, MIN_SERIES_PARTS } from "#src/domain/series.ts";
import { createAuthorSchema } from "#src/schemas/author.ts";
import { createPostSchema, type PostData } from "#src/schemas/post.ts";

let counter = 0;
function post(overrides: Partial<IndexablePost["data"]> & { slug?: string } = {}): IndexablePost {
  counter += 1;
  const { slug = `post-${counter}`, ...data } = overrides;
  return {
    slug,
    data: {
      title: `Post ${counter}`,
      date: new Date("2024-01-01"),
      updated: undefined,
      tags: [],
      category: "General",
      featured: false,
      published: true,
      unlisted: false,
      ...data,
    },
  };
}

const ADA: AuthorProfile = { id: "ada-lovelace", name: "Ada Lovelace", bio: "Engines.", links: [] };
const GRACE: AuthorProfile = { id: "grace-hopper", name: "Grace Hopper", bio: "Compilers.", links: [] };
const profiles = new Map([ADA, GRACE].map((profile) => [profile.id, profile]));

describe("authors", () => {
  it("reads author as one value or a list, trimmed, without repeats", () => {
    expect(authorRefs("Ada")).toEqual(["Ada"]);
    expect(authorRefs(["ada-lovelace", " grace-hopper ", "ada-lovelace"])).toEqual(["ada-lovelace", "grace-hopper"]);
    expect(authorRefs(undefined)).toEqual([]);
  });

  it("resolves an id with a file to that author, and keeps anything else a plain name", () => {
    expect(resolveAuthors(["ada-lovelace", "grace-hopper"], profiles)).toEqual([
      { name: "Ada Lovelace", id: "ada-lovelace" },
      { name: "Grace Hopper", id: "grace-hopper" },
    ]);
    // A plain name, an id-shaped value with no file, and a name that only looks like an author's.
    expect(resolveAuthors(["Your Name", "linus-torvalds", "Ada Lovelace"], profiles)).toEqual([
      { name: "Your Name" },
      { name: "linus-torvalds" },
      { name: "Ada Lovelace" },
    ]);
    expect(resolveAuthors("ada-lovelace", new Map())).toEqual([{ name: "ada-lovelace" }]);
  });

  it("joins names as a byline reads, and credits authors with their pages", () => {
    expect(joinNames(["Ada"])).toBe("Ada");
    expect(joinNames(["Ada", "Grace"])).toBe("Ada and Grace");
    expect(joinNames(["Ada", "Grace", "Linus"])).toBe("Ada, Grace and Linus");
    expect(
      creditsOf([{ name: "Ada Lovelace", id: "ada-lovelace" }, { name: "Someone" }], (id) => `https://x/${id}/`),
    ).toEqual([{ name: "Ada Lovelace", url: "https://x/ada-lovelace/" }, { name: "Someone" }]);
  });

  it("suggests the author a plain name is a typo or two from, by id or by name", () => {
    const all = [ADA, GRACE];
    expect(authorSuggestion("ada-lovlace", all)?.id).toBe("ada-lovelace");
    expect(authorSuggestion("Ada Lovelace", all)?.id).toBe("ada-lovelace");
    expect(authorSuggestion("grace hoper", all)?.id).toBe("grace-hopper");
    expect(authorSuggestion("Your Name", all)).toBeUndefined();
    // Short ids and names allow fewer edits: "bob" is not "rob".
    expect(authorSuggestion("bob", [{ id: "rob", name: "Rob" }])).toBeUndefined();
  });
});

describe("series", () => {
  it("orders the parts by date, then title, and shows a series from its second part on", () => {
    const late = post({ title: "B", series: "Streams", date: new Date("2024-03-01") });
    const early = post({ title: "A", series: "streams", date: new Date("2024-01-01") });
    const alone = post({ series: "Alone" });
    const series = groupSeries([late, early, alone]);
    expect(series.map((one) => [one.slug, one.name, one.parts])).toEqual([["streams", "streams", [early, late]]]);
    expect(MIN_SERIES_PARTS).toBe(2);
    expect(compareOldestFirst(early, late)).toBeLessThan(0);
  });

  it("counts listed parts only: a draft or scheduled part is no part, an unlisted post no numbered part", () => {
    const one = post({ slug: "one", series: "S", date: new Date("2024-01-01") });
    const draft = post({ slug: "draft", series: "S", date: new Date("2024-01-02"), published: false });
    const scheduled = post({ slug: "later", series: "S", date: new Date("2999-01-01") });
    const unlisted = post({ slug: "hidden", series: "S", date: new Date("2024-01-03"), unlisted: true });
    const three = post({ slug: "three", series: "S", date: new Date("2024-01-04") });
    const blog = buildBlogIndex([one, draft, scheduled, unlisted, three], { preview: false });
    expect(blog.series.map((series) => series.parts.map((part) => part.slug))).toEqual([["one", "three"]]);
    expect(blog.seriesOf(one)).toMatchObject({ part: 1, series: { slug: "s" } });
    expect(blog.seriesOf(three)?.part).toBe(2);
    // Its own page lists the public parts, numbering none as its own.
    expect(blog.seriesOf(unlisted)).toMatchObject({ part: undefined, series: { slug: "s" } });
    expect(blog.seriesOf(post())).toBeUndefined();
    // On the dev server, the draft is a part in place.
    const preview = buildBlogIndex([one, draft, three], { preview: true });
    expect(preview.seriesOf(three)?.part).toBe(3);
  });

  it("shows no series whose other parts are not public", () => {
    const blog = buildBlogIndex([post({ series: "S" }), post({ series: "S", published: false })], { preview: false });
    expect(blog.series).toEqual([]);
  });

  it("lists the series most recently continued first", () => {
    const posts = [
      post({ series: "Old", date: new Date("2023-01-01") }),
      post({ series: "Old", date: new Date("2023-02-01") }),
      post({ series: "New", date: new Date("2022-01-01") }),
      post({ series: "New", date: new Date("2024-01-01") }),
    ];
    expect(buildBlogIndex(posts, { preview: false }).series.map((series) => series.name)).toEqual(["New", "Old"]);
  });
});

describe("authors in the blog index", () => {
  it("gives every author with a file a term of their listed posts, newest first, and resolves each post's authors", () => {
    const first = post({ author: ["ada-lovelace", "grace-hopper"], date: new Date("2024-01-01") });
    const second = post({ author: "ada-lovelace", date: new Date("2024-02-01") });
    const draft = post({ author: "ada-lovelace", published: false });
    const plain = post({ author: "Your Name" });
    const blog = buildBlogIndex([first, second, draft, plain], { preview: false, authors: [GRACE, ADA] });
    expect(blog.authors.map((author) => [author.slug, author.posts])).toEqual([
      ["ada-lovelace", [second, first]],
      ["grace-hopper", [first]],
    ]);
    expect(blog.authorById.get("grace-hopper")?.profile).toBe(GRACE);
    expect(blog.authorsOf(first)).toEqual([
      { name: "Ada Lovelace", id: "ada-lovelace" },
      { name: "Grace Hopper", id: "grace-hopper" },
    ]);
    expect(blog.authorsOf(plain)).toEqual([{ name: "Your Name" }]);
  });

  it("keeps an author with no public post yet, with no posts", () => {
    const blog = buildBlogIndex([post({ author: "ada-lovelace", published: false })], {
      preview: false,
      authors: [ADA],
    });
    expect(blog.authors.map((author) => [author.slug, author.posts.length])).toEqual([["ada-lovelace", 0]]);
  });
});

describe("the post schema's author and series", () => {
  const schema = createPostSchema({
    image: () => z.string(),
    readPublicImage: async () => undefined,
    defaultAuthor: "Site Author",
  });
  const minimal = { title: "A post", excerpt: "About.", date: "2024-01-02", category: "Guides" };
  const problems = async (input: unknown) => {
    const result = await schema.safeParseAsync(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("takes an id, a name or a list, and a series name", async () => {
    expect((await schema.parseAsync({ ...minimal, author: "Your Name" })).author).toBe("Your Name");
    const post = await schema.parseAsync({ ...minimal, author: ["ada-lovelace", "grace-hopper"], series: "Streams" });
    expect([post.author, post.series]).toEqual([["ada-lovelace", "grace-hopper"], "Streams"]);
  });

  it("says what is wrong with an author or a series", async () => {
    expect(await problems({ ...minimal, author: [] })).toEqual([
      "author: expected at least one author id or name, found an empty list",
    ]);
    expect(await problems({ ...minimal, author: ["ada-lovelace", ""] })).toEqual([
      "author.1: expected an author id or name, found empty text",
    ]);
    expect(await problems({ ...minimal, author: 3 })).toEqual([
      "author: expected an author id or name, or a list of them, found the number 3",
    ]);
    expect((await problems({ ...minimal, series: "x".repeat(61) }))[0]).toMatch(
      /^series: expected a series name of at most 60/,
    );
    expect(await problems({ ...minimal, serie: "S" })).toEqual([
      'serie: unknown field "serie": did you mean "series"?',
    ]);
  });
});

describe("author files", () => {
  const schema = createAuthorSchema({
    image: () => z.string().transform((src) => ({ src, width: 1, height: 1, format: "png" })),
    authorsDir: "src/content/authors",
    fileExists: (path) => path === "public/authors/ada.png",
  });
  const problems = async (input: unknown) => {
    const result = await schema.safeParseAsync(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };
  const minimal = { name: "Ada Lovelace", bio: "Engines." };

  it("reads name, bio, an avatar, a url and links as a list or a map", async () => {
    expect(await schema.parseAsync(minimal)).toEqual({ ...minimal, links: [] });
    const ada = await schema.parseAsync({
      ...minimal,
      avatar: "/authors/ada.png",
      url: "https://ada.example/",
      links: { Mastodon: "https://m.example/@ada" },
    });
    expect(ada.avatar).toMatchObject({ src: "/authors/ada.png", isPublicFile: true });
    expect(ada.links).toEqual([{ label: "Mastodon", url: "https://m.example/@ada" }]);
    const listed = await schema.parseAsync({ ...minimal, links: [{ label: "Site", url: "mailto:ada@example.com" }] });
    expect(listed.links).toEqual([{ label: "Site", url: "mailto:ada@example.com" }]);
    expect((await schema.parseAsync({ ...minimal, avatar: "./ada.png" })).avatar).toMatchObject({ src: "./ada.png" });
  });

  it("says what is wrong, field by field", async () => {
    expect(await problems({ name: "Ada" })).toEqual([
      "bio: expected a short biography, found nothing (the field is missing)",
    ]);
    expect(await problems({ ...minimal, bi: "x" })).toEqual(['bi: unknown field "bi": did you mean "bio"?']);
    expect(await problems({ ...minimal, url: "javascript:alert(1)" })).toEqual([
      'url: expected the author\'s own web page (https://…, http://… or mailto:…), found the text "javascript:alert(1)"',
    ]);
    expect(await problems({ ...minimal, links: [{ label: "X", url: "https://x.example", icon: "x" }] })).toEqual([
      'links.0.icon: unknown field "icon": the fields are label, url',
    ]);
  });

  it("keeps an avatar inside the authors folder, src/assets/ or public/", async () => {
    expect(await problems({ ...minimal, avatar: "../../../etc/passwd" })).toEqual([
      'avatar: expected a file inside src/content/authors/, src/assets/ or public/, found the path "../../../etc/passwd", which leads outside them',
    ]);
    expect(await problems({ ...minimal, avatar: "/../secret.png" })).toEqual([
      'avatar: expected a file inside public/, found the path "/../secret.png", which leads outside it',
    ]);
    expect(await problems({ ...minimal, avatar: "/authors/missing.png" })).toEqual([
      "avatar: expected an image file at public/authors/missing.png, found no such file",
    ]);
    expect(await problems({ ...minimal, avatar: "https://e.example/a.png" })).toEqual([
      'avatar: expected a local image (a public path such as /authors/ada.png or a path relative to the author file), found the URL "https://e.example/a.png"',
    ]);
    // A path into src/assets/ is inside the boundary.
    expect(await problems({ ...minimal, avatar: "../../assets/ada.png" })).toEqual([]);
  });

  it("is named by a slug-shaped id, strict YAML without aliases, with the line of each problem", async () => {
    expect(readAuthorFile("src/content/authors/Ada Lovelace.yaml", "name: Ada\n").problems[0]?.message).toMatch(
      /^expected a file named by the author's id/,
    );
    const alias = readAuthorFile("src/content/authors/ada.yaml", "name: &n Ada\nbio: *n\n");
    expect(alias.raw).toBeUndefined();
    expect(alias.problems[0]?.message).toMatch(/YAML anchors .* are not allowed/);
    const env = { authorsDir: "src/content/authors", fileExists: () => false };
    const source = await toAuthorSource(readAuthorFile("src/content/authors/ada.yaml", "name: Ada\nbioo: x\n"), env);
    expect(source.problems).toEqual(
      expect.arrayContaining([{ line: 2, field: "bioo", message: 'unknown field "bioo": did you mean "bio"?' }]),
    );
  });

  it("reads the fixtures' author files as the collection does", async () => {
    const authors = await readAuthorFiles("tests/fixtures/publishing/authors");
    expect(authors.map((author) => [author.id, author.data?.name, author.problems])).toEqual([
      ["ada-lovelace", "Ada Lovelace", []],
      ["grace-hopper", "Grace Hopper", []],
    ]);
    expect(await readAuthorFiles("tests/fixtures/no-such-folder")).toEqual([]);
  });
});

describe("authors and series in JSON-LD and feeds", () => {
  const data = {
    title: "A post",
    excerpt: "About.",
    date: new Date("2024-01-02T00:00:00Z"),
    author: ["ada-lovelace", "grace-hopper"],
    coverAlt: "A post",
    featured: false,
    published: true,
    unlisted: false,
    tags: [],
    category: "Guides",
  } as unknown as PostData;
  const credits = [
    { name: "Ada Lovelace", url: "https://ex.com/authors/ada-lovelace/" },
    { name: "Grace Hopper", url: "https://ex.com/authors/grace-hopper/" },
  ];

  it("names each author as a Person with the URL of their page, and the series as isPartOf", () => {
    const meta = buildPostMeta({ slug: "a", data }, "/blog/a/", {
      authors: credits,
      series: { name: "Streams", url: "https://ex.com/series/streams/" },
    });
    expect(meta.jsonLd[0]).toMatchObject({
      author: credits.map((credit) => ({ "@type": "Person", ...credit })),
      isPartOf: { "@type": "CreativeWorkSeries", name: "Streams", url: "https://ex.com/series/streams/" },
    });
    expect(meta.article?.author).toBe("Ada Lovelace and Grace Hopper");
    const single = buildPostMeta({ slug: "a", data: { ...data, author: "Your Name" } }, "/blog/a/");
    expect(single.jsonLd[0]).toMatchObject({ author: { "@type": "Person", name: "Your Name" } });
    expect(single.jsonLd[0]).not.toHaveProperty("isPartOf");
  });

  it("credits every author in RSS, Atom and JSON Feed", async () => {
    const channel: FeedChannel = {
      title: "Blog",
      description: "All posts",
      pageUrl: "https://ex.com/",
      feedUrl: "https://ex.com/rss.xml",
      alternates: { rss: "https://ex.com/rss.xml", atom: "https://ex.com/atom.xml", json: "https://ex.com/feed.json" },
      language: "en",
      imageUrl: "https://ex.com/og/site.png",
      iconUrl: "https://ex.com/favicon.svg",
    };
    const item = toFeedItem({ data }, "https://ex.com/blog/a/", "<p>Body</p>", ["Guides"], credits);
    expect(item.author).toBe("Ada Lovelace and Grace Hopper");
    const parser = new XMLParser({ isArray: (name) => ["dc:creator", "author"].includes(name) });
    expect(parser.parse(await rssXml(channel, [item])).rss.channel.item["dc:creator"]).toEqual([
      "Ada Lovelace",
      "Grace Hopper",
    ]);
    expect(parser.parse(atomXml(channel, [item])).feed.entry.author).toEqual([
      { name: "Ada Lovelace", uri: "https://ex.com/authors/ada-lovelace/" },
      { name: "Grace Hopper", uri: "https://ex.com/authors/grace-hopper/" },
    ]);
    expect((jsonFeed(channel, [item]).items as { authors: unknown }[])[0]?.authors).toEqual(credits);
    // Without credits, the names the post gives, linking nowhere.
    expect(toFeedItem({ data: { ...data, author: "Your Name" } }, "u", "", []).authors).toEqual([
      { name: "Your Name" },
    ]);
  });
});

describe("npm run check on authors", async () => {
  const authors = await readAuthorFiles("tests/fixtures/publishing/authors");
  const text = (author: string) =>
    `---\ntitle: "T"\nexcerpt: "E."\ndate: "2024-01-01"\ncategory: "C"\nauthor: ${author}\n---\n\nSee [Ada](/authors/ada-lovelace/) and [the feed](/authors/ada-lovelace/rss.xml).\n`;
  const check = (author: string) =>
    checkContent([{ path: "src/content/blog/p.md", source: text(author) }], { fileExists: existsSync, authors });

  it("warns when a plain name is a typo from an author id, or is an author's name", async () => {
    expect((await check('"ada-lovlace"')).map(formatProblem)).toEqual([
      'src/content/blog/p.md:6  author  warning: "ada-lovlace" is no author id, so it shows as a plain name linking nowhere; did you mean "ada-lovelace" (Ada Lovelace, tests/fixtures/publishing/authors/ada-lovelace.yaml)?',
    ]);
    const listed = await check('["grace-hopper", "Ada Lovelace"]');
    expect(listed.map((problem) => [problem.line, problem.field, problem.severity])).toEqual([
      [6, "author.1", "warning"],
    ]);
  });

  it("says nothing of ids with a file, far-off plain names, or links to author pages", async () => {
    expect(await check('["ada-lovelace", "grace-hopper"]')).toEqual([]);
    expect(await check('"Your Name"')).toEqual([]);
  });

  it("reports a broken author file, with its line and field", async () => {
    const broken = await toAuthorSource(
      readAuthorFile("src/content/authors/ada-lovelace.yaml", 'name: "Ada"\nbio: "B"\nurl: "ftp://x"\n'),
      { authorsDir: "src/content/authors", fileExists: existsSync },
    );
    const problems = await checkContent([{ path: "src/content/blog/p.md", source: text('"Your Name"') }], {
      fileExists: existsSync,
      authors: [broken],
    });
    const lines = problems.map(formatProblem);
    expect(lines[0]).toMatch(
      /^src\/content\/authors\/ada-lovelace\.yaml:3 {2}url {2}error: expected the author's own web page/,
    );
    // With no author file that parses, there is no author page: the links to it are broken.
    expect(lines.slice(1).sort()).toEqual([
      "src/content/blog/p.md:9  body  error: links to /authors/ada-lovelace/, which is not a page or file of this site",
      "src/content/blog/p.md:9  body  error: links to /authors/ada-lovelace/rss.xml, which is not a page or file of this site",
    ]);
  });
});

// The fixtures' author files are what tests/build/publishing-series-authors.test.ts copies into its site.
it("has an avatar beside the fixture author that names one", () => {
  expect(readFileSync("tests/fixtures/publishing/authors/ada-lovelace.yaml", "utf8")).toContain("./ada-lovelace.png");
  expect(existsSync("tests/fixtures/publishing/authors/ada-lovelace.png")).toBe(true);
});
