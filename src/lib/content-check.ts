/**
 * The author's content check (`npm run check`): every problem in every post in one
 * run, each with file, line and field. Pure apart from the file look-ups it is given.
 */
import { markdownToMdast, mdxToMdast } from "satteri";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { createPostSchema, type PostData } from "../schemas/post.ts";
import { bodyOf, FRONTMATTER } from "./frontmatter.ts";
import { slugFromFilePath } from "./post-identity.ts";
import { isPublicPost } from "./post-visibility.ts";
import { termSlug } from "./taxonomy.ts";

export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  severity: "error" | "warning";
}

export interface PostFile {
  /** Path as shown to the author, e.g. "src/content/blog/my-post.mdx". */
  path: string;
  source: string;
}

export interface CheckEnvironment {
  /** Whether a file exists, given a path relative to the working directory. */
  fileExists(path: string): boolean;
  /** Site-relative URLs that exist besides posts, tags and categories (public files, fixed pages). */
  extraRoutes?: ReadonlySet<string>;
  defaultAuthor?: string;
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
  file: PostFile;
  data?: PostData | undefined;
  raw: Record<string, unknown>;
  slug: string;
  lineOf(path: readonly PropertyKey[]): number;
  bodyLine: number;
  body: string;
}

function splitFrontmatter(source: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const match = FRONTMATTER.exec(source);
  if (!match) return undefined;
  return { yaml: match[1] ?? "", body: bodyOf(source, match), bodyLine: match[0].split("\n").length };
}

/** Checks every post; returns problems sorted by file and line. */
export async function checkContent(files: readonly PostFile[], env: CheckEnvironment): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const report = (
    file: string,
    line: number,
    field: string,
    message: string,
    severity: "error" | "warning" = "error",
  ) => problems.push({ file, line, field, message, severity });

  const parsed: ParsedPost[] = [];
  for (const file of files) {
    const post = await parsePost(file, env, report);
    if (post) parsed.push(post);
  }

  checkSlugs(parsed, report);
  const routes = knownRoutes(parsed, env);
  for (const post of parsed) {
    checkFrontmatterQuality(post, report);
    checkBody(post, routes, report);
  }
  checkTagSpellings(parsed, report);

  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.field.localeCompare(b.field));
}

type Report = (file: string, line: number, field: string, message: string, severity?: "error" | "warning") => void;

async function parsePost(file: PostFile, env: CheckEnvironment, report: Report): Promise<ParsedPost | undefined> {
  const parts = splitFrontmatter(file.source);
  if (!parts) {
    report(file.path, 1, "frontmatter", "expected frontmatter between --- lines at the top of the file, found none");
    return undefined;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(parts.yaml, { lineCounter });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = (error.linePos?.[0]?.line ?? 1) + 1;
      report(file.path, line, "frontmatter", `malformed YAML: ${error.message.split("\n")[0]}`);
    }
    return undefined;
  }
  const raw = (document.toJS() ?? {}) as Record<string, unknown>;
  const lineOf = (path: readonly PropertyKey[]) => {
    let node: unknown = document.contents;
    let line = 1;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (!pair) break;
        const range = (pair.key as { range?: [number, number] }).range;
        if (range) line = lineCounter.linePos(range[0]).line;
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as { range?: [number, number] } | undefined;
        if (item?.range) line = lineCounter.linePos(item.range[0]).line;
        node = item;
      } else break;
    }
    return line + 1; // +1 for the opening --- line
  };

  const directory = file.path.replace(/[\\/][^\\/]*$/, "");
  const schema = createPostSchema({
    defaultAuthor: env.defaultAuthor ?? "Site author",
    image: () =>
      z.string().transform((value, ctx) => {
        const path = `${directory}/${value.replace(/^\.\//, "")}`;
        if (!env.fileExists(path)) {
          ctx.addIssue({ code: "custom", message: `expected an image file at ${path}, found no such file` });
          return z.NEVER;
        }
        return { src: value, width: 0, height: 0, format: "png" };
      }),
    readPublicImage: async (publicPath) =>
      env.fileExists(`public${decodeURI(publicPath)}`)
        ? { src: publicPath, width: 0, height: 0, format: "png", isPublicFile: true }
        : undefined,
  });
  const result = await schema.safeParseAsync(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      report(file.path, lineOf(issue.path), issue.path.join(".") || "frontmatter", issue.message);
    }
  }
  const slug = typeof raw.slug === "string" ? raw.slug : slugFromFilePath(file.path);
  return {
    file,
    data: result.success ? result.data : undefined,
    raw,
    slug,
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

function checkFrontmatterQuality(post: ParsedPost, report: Report): void {
  const { raw, file } = post;
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

function checkBody(post: ParsedPost, routes: Routes, report: Report): void {
  const { file } = post;
  const isMdx = file.path.endsWith(".mdx");
  let tree: MdNode;
  try {
    tree = (isMdx ? mdxToMdast(post.body) : markdownToMdast(post.body)) as MdNode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/(\d+):\d+/.exec(message)?.[1] ?? 1);
    report(file.path, post.bodyLine + line - 1, "body", `MDX syntax error: ${message.split("\n")[0]}`);
    return;
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
}

interface Routes {
  /** Why an internal link is broken, or undefined when it resolves (external links are not checked). */
  check(href: string, fromPath: string): string | undefined;
}

function knownRoutes(posts: readonly ParsedPost[], env: CheckEnvironment): Routes {
  const published = posts.filter((post) => isPublicPost(post.raw));
  const drafts = new Set(posts.filter((post) => !isPublicPost(post.raw)).map((post) => `/blog/${post.slug}/`));
  const routes = new Set<string>([...FIXED_ROUTES, ...(env.extraRoutes ?? [])]);
  for (const post of published) {
    routes.add(`/blog/${post.slug}/`);
    routes.add(`/og/${post.slug}.png`);
    for (const tag of Array.isArray(post.raw.tags) ? post.raw.tags : []) {
      if (typeof tag === "string") routes.add(`/tags/${termSlug(tag)}/`);
    }
    if (typeof post.raw.category === "string") routes.add(`/categories/${termSlug(post.raw.category)}/`);
  }
  return {
    check(href, fromPath) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//") || href.startsWith("#")) return undefined;
      const url = new URL(href, `https://site.invalid${fromPath}`);
      const path = decodeURI(url.pathname);
      if (routes.has(path) || /^\/blog\/\d+\/$/.test(path) || env.fileExists(`public${path}`)) return undefined;
      if (drafts.has(path)) return `links to ${path}, a draft: it will not exist on the published site`;
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

/** `file:line  field  message`, one line a problem, as the check prints them. */
export function formatProblem(problem: ContentProblem): string {
  const tag = problem.severity === "warning" ? "warning" : "error";
  return `${problem.file}:${problem.line}  ${problem.field}  ${tag}: ${problem.message}`;
}
