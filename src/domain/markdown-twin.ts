/**
 * The Markdown twin of a post, served at `/blog/<slug>.md` beside its page: the post as Markdown, for readers
 * and tools that want text rather than HTML (and llms.txt links them). A post has a twin exactly when it has a
 * page (the blog index's `pages`): public and unlisted posts, never drafts or scheduled ones. An unlisted
 * post's twin is, like its page, reachable by its link only: no list, feed or llms.txt names it.
 *
 * A twin is a short header (title, URL, dates, author, category, tags, excerpt), then the body:
 * - `.md`: as written, frontmatter gone. Only what would not work outside the page changes: a relative image
 *   becomes the URL of the file the site serves, a local link becomes absolute, a leading `# Title` that
 *   repeats the title goes (as on the page), and what the page shows as text (raw HTML or a link with a
 *   script URL, src/markdown/safe-html.ts) is text here too.
 * - `.mdx`: parsed with Sätteri's MDX parser, imports and exports dropped, each component replaced by what it
 *   says in Markdown (a Callout a blockquote under its bold title, a Figure its image and caption, Details its
 *   bold summary and content, a Diagram its description and caption), JSX expressions dropped unless a plain
 *   literal, then printed with mdast-util-to-markdown.
 * Every URL in a twin is absolute, so the file means the same wherever it is read. Pure: the caller reads the
 * post file and says where each image is served (src/data/markdown-twins.ts).
 */
import type { Root } from "mdast";
import { gfmToMarkdown } from "mdast-util-gfm";
import { type Options as ToMarkdownOptions, toMarkdown } from "mdast-util-to-markdown";
import { markdownToMdast, mdxToMdast } from "satteri";
import { toDateTimeAttribute } from "#src/domain/dates.ts";
import { stripBidiControls } from "#src/domain/text-hygiene.ts";
import { CALLOUT_LABELS, type CalloutType } from "#src/markdown/callout-markup.ts";
import { FORBIDDEN_ELEMENTS, isSafeHtml, isSafeUrl } from "#src/markdown/safe-html.ts";

/**
 * An image a twin shows, as the post wrote it: relative to the post file (`![…](./images/x.png)`, an MDX
 * import, `<img src>`), or relative to the content folder (`<Figure src="images/x.png">`, Figure.astro's rule).
 */
export interface TwinImage {
  written: string;
  from: "post" | "content";
}

export interface TwinBodyOptions {
  format: "md" | "mdx";
  /** The post title: a leading `# Title` repeating it is dropped, as the page drops it. */
  title: string;
  /** The absolute URL of the post's page, against which local links are resolved. */
  pageUrl: string;
}

/** A body read once: the images it needs, then the Markdown once the caller knows where each is served. */
export interface TwinBodyPlan {
  images: TwinImage[];
  /** The body; `imageUrl` gives the absolute URL of each of `images` (undefined: resolved against the page). */
  render(imageUrl: (image: TwinImage) => string | undefined): string;
}

/** What the twin's header says of the post. */
export interface TwinHeader {
  title: string;
  /** The absolute URL of the post's page. */
  url: string;
  date: Date;
  updated?: Date | undefined;
  author: string;
  category: string;
  tags: readonly string[];
  excerpt: string;
}

/** Every mdast and MDX node as this module reads them: Sätteri's materialised tree is plain objects. */
interface Node {
  type: string;
  value?: string;
  url?: string;
  alt?: string | null;
  title?: string | null;
  depth?: number;
  name?: string | null;
  label?: string | null;
  identifier?: string;
  lang?: string | null;
  meta?: string | null;
  attributes?: JsxAttribute[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: Node[];
  [key: string]: unknown;
}

interface JsxAttribute {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string };
}

/** Parser features: the site's syntax (GFM, math), and no frontmatter (the body has none; a leading `---` is a rule). */
const FEATURES = { gfm: true, math: true, frontmatter: false } as const;

const MATH_TO_MARKDOWN = {
  handlers: {
    math: (node: { value: string }) => `$$\n${node.value}\n$$`,
    inlineMath: (node: { value: string }) => `$${node.value}$`,
  },
} as unknown as ToMarkdownOptions;

const PRINT: ToMarkdownOptions = {
  bullet: "-",
  emphasis: "*",
  strong: "*",
  fence: "`",
  fences: true,
  listItemIndent: "one",
  rule: "-",
  extensions: [gfmToMarkdown(), MATH_TO_MARKDOWN],
};

/** Markdown for a tree or one node, without the newline the printer ends a document with. */
function print(node: Node): string {
  return toMarkdown(node as unknown as Root, PRINT).replace(/\n$/, "");
}

const text = (value: string): Node => ({ type: "text", value });
const paragraph = (children: Node[]): Node => ({ type: "paragraph", children });
const strong = (value: string): Node => ({ type: "strong", children: [text(value)] });
const emphasis = (value: string): Node => ({ type: "emphasis", children: [text(value)] });

/** The text of a node, as mdast-util-to-string reads it (without recursion: posts nest thousands deep). */
function textOf(root: Node): string {
  let result = "";
  const stack: Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === "image") result += node.alt ?? "";
    else if (typeof node.value === "string" && !node.type.startsWith("mdx")) result += node.value;
    else if (node.children) stack.push(...[...node.children].reverse());
  }
  return result;
}

const normalized = (value: string) => value.replace(/\s+/g, " ").trim().toLowerCase();

/** True for a URL with a scheme or a protocol-relative one: the twin leaves it as it is. */
const isAbsolute = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//");

/** A local URL made absolute against the page, as the page's browser resolves it. */
function absoluteAgainst(url: string, pageUrl: string): string {
  try {
    return new URL(url, pageUrl).href;
  } catch {
    return url;
  }
}

/** An image written relative to the post (not `/public`, not `#`, no scheme), which the site serves from elsewhere. */
const isRelativeFile = (url: string) => url !== "" && !isAbsolute(url) && !url.startsWith("/") && !url.startsWith("#");

const IMAGE_FILE = /\.(png|jpe?g|webp|avif|gif|svg)(?:[?#].*)?$/i;

/** The value of a plain JavaScript literal (`"a"`, `'a'`, `` `a` ``, `42`, `true`), or undefined for anything else. */
export function literalValue(code: string): string | number | boolean | null | undefined {
  const trimmed = code
    .trim()
    .replace(/^\(([\s\S]*)\)$/, "$1")
    .trim();
  const quoted = /^(["'`])((?:(?!\1)[^\\]|\\[\s\S])*)\1$/.exec(trimmed);
  if (quoted) {
    const [, quote, body = ""] = quoted;
    if (quote === "`" && body.includes("${")) return undefined;
    return body.replace(/\\(u\{[0-9a-f]+\}|u[0-9a-f]{4}|x[0-9a-f]{2}|\r?\n|[\s\S])/gi, (_, escaped: string) => {
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };
      if (/^[ux]/i.test(escaped) && escaped.length > 1) {
        return String.fromCodePoint(Number.parseInt(escaped.replace(/^[ux]\{?|\}$/gi, ""), 16));
      }
      if (/^\r?\n$/.test(escaped)) return "";
      return simple[escaped] ?? escaped;
    });
  }
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (trimmed === "null") return null;
  return undefined;
}

/** What a JSX expression in the body shows: the text of a string or number literal; nothing for anything else. */
function shownText(code: string): string | undefined {
  const value = literalValue(code);
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** A JSX attribute's value: its text, true for a bare attribute, a literal's value, or the code of an expression. */
function attributeOf(node: Node, name: string): { text?: string; code?: string; present: boolean } {
  const attribute = node.attributes?.find(
    (candidate) => candidate.type === "mdxJsxAttribute" && candidate.name === name,
  );
  if (!attribute) return { present: false };
  const { value } = attribute;
  if (value === null || value === undefined) return { text: "true", present: true };
  if (typeof value === "string") return { text: value, present: true };
  const literal = literalValue(value.value);
  return literal === undefined || literal === null
    ? { code: value.value, present: true }
    : { text: String(literal), present: true };
}

const PHRASING = new Set([
  "text",
  "emphasis",
  "strong",
  "delete",
  "inlineCode",
  "break",
  "link",
  "image",
  "linkReference",
  "imageReference",
  "footnoteReference",
  "inlineMath",
  "html",
]);
const isPhrasing = (node: Node) => PHRASING.has(node.type);

/** Flow content: runs of phrasing wrapped in paragraphs, empty paragraphs gone. */
function asFlow(nodes: Node[]): Node[] {
  const flow: Node[] = [];
  let run: Node[] = [];
  const flush = () => {
    if (run.some((node) => node.type !== "text" || node.value?.trim())) flow.push(paragraph(trimRun(run)));
    run = [];
  };
  for (const node of nodes) {
    if (isPhrasing(node)) run.push(node);
    else {
      flush();
      if (node.type !== "paragraph" || hasContent(node)) flow.push(node);
    }
  }
  flush();
  return flow;
}

const hasContent = (node: Node) => (node.children ?? []).some((child) => child.type !== "text" || child.value?.trim());

/** Phrasing without the white space at either end (what JSX indentation leaves). */
function trimRun(run: Node[]): Node[] {
  const nodes = [...run];
  const first = nodes[0];
  if (first?.type === "text") nodes[0] = text((first.value ?? "").replace(/^\s+/, ""));
  const last = nodes.at(-1);
  if (last?.type === "text") nodes[nodes.length - 1] = text((last.value ?? "").replace(/\s+$/, ""));
  return nodes.filter((node) => node.type !== "text" || node.value);
}

/** Phrasing content: flow nodes (a component used inline) flattened into their text, a space between blocks. */
function asPhrasing(nodes: Node[]): Node[] {
  const phrasing: Node[] = [];
  for (const node of nodes) {
    if (isPhrasing(node)) phrasing.push(node);
    else if (node.type === "paragraph" || node.type === "heading") {
      if (phrasing.length > 0) phrasing.push(text(" "));
      phrasing.push(...(node.children ?? []));
    } else if (node.children) {
      if (phrasing.length > 0) phrasing.push(text(" "));
      phrasing.push(...asPhrasing(node.children));
    } else if (typeof node.value === "string" && node.type !== "html") phrasing.push(text(node.value));
  }
  return phrasing;
}

/** Parents whose children are flow content: phrasing among them is wrapped in paragraphs. */
const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

/** HTML elements whose content is no text of the post: drawings, media, and what the policy forbids. */
const DROPPED_ELEMENTS = new Set([
  "svg",
  "video",
  "audio",
  "picture",
  "canvas",
  "object",
  "template",
  "source",
  "track",
]);

/**
 * A blockquote opening with a GitHub alert marker (`> [!NOTE]`) keeps it as written: printed as text, its
 * bracket would be escaped (`\[!NOTE]`) and the alert would become a quotation.
 */
function keepAlertMarker(blockquote: Node): Node {
  const [first, ...rest] = blockquote.children ?? [];
  const [lead, ...others] = first?.type === "paragraph" ? (first.children ?? []) : [];
  const marker = lead?.type === "text" ? /^\[![a-z]+\]/i.exec(lead.value ?? "")?.[0] : undefined;
  if (!first || !lead || marker === undefined) return blockquote;
  const after = (lead.value ?? "").slice(marker.length);
  const opening = [{ type: "html", value: marker }, ...(after ? [text(after)] : []), ...others];
  return { ...blockquote, children: [{ ...first, children: opening }, ...rest] };
}

/** Default imports (`import diagram from "./images/x.png"`), by name: a Figure's `src={diagram}`. */
function defaultImports(esm: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const [, name, source] of esm.matchAll(
    /\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*\{[^}]*\}\s*)?from\s*["']([^"']+)["']/g,
  )) {
    if (name && source) imports.set(name, source);
  }
  return imports;
}

/** The MDX body made into a Markdown tree, printed once the images are known. */
function planMdx(body: string, options: TwinBodyOptions): TwinBodyPlan {
  const tree = mdxToMdast(body, { features: FEATURES, position: false }) as unknown as Node;
  const imports = new Map<string, string>();
  for (const node of tree.children ?? []) {
    if (node.type !== "mdxjsEsm") continue;
    for (const [name, source] of defaultImports(node.value ?? "")) imports.set(name, source);
  }
  /** The image and definition nodes whose URL waits for the caller: each set when the plan renders. */
  const pending: { node: Node; image: TwinImage }[] = [];
  const wait = (node: Node, image: TwinImage) => {
    pending.push({ node, image });
    return node;
  };
  const image = (written: string, from: TwinImage["from"], alt: string, title: string | null = null): Node => {
    if (!isSafeUrl(written)) return text(alt);
    const node: Node = { type: "image", url: absoluteAgainst(written, options.pageUrl), alt, title };
    return isRelativeFile(written) ? wait(node, { written, from }) : node;
  };
  const link = (url: string, children: Node[], title: string | null = null): Node[] =>
    isSafeUrl(url) ? [{ type: "link", url: absoluteAgainst(url, options.pageUrl), title, children }] : children;

  /** What a component or an element says in Markdown, as flow content or (used inline) phrasing. */
  const element = (node: Node, flow: boolean): Node[] => {
    const name = node.name ?? "";
    const attribute = (key: string) => attributeOf(node, key);
    const children = () => convert(node.children ?? []);
    const phrasingChildren = () => asPhrasing(children());
    switch (name) {
      case "Callout": {
        const type = attribute("type").text ?? "note";
        const heading = attribute("title").text ?? CALLOUT_LABELS[type as CalloutType] ?? CALLOUT_LABELS.note;
        if (!flow) return [strong(heading), text(": "), ...phrasingChildren()];
        return [{ type: "blockquote", children: [paragraph([strong(heading)]), ...asFlow(children())] }];
      }
      case "Figure": {
        const src = attribute("src");
        const alt = attribute("alt").text ?? "";
        const caption = attribute("caption").text;
        const imported = src.code === undefined ? undefined : imports.get(src.code.trim());
        const picture =
          src.text !== undefined
            ? image(src.text, "content", alt)
            : imported !== undefined
              ? image(imported, "post", alt)
              : text(alt);
        if (!flow) return caption ? [picture, text(` (${caption})`)] : [picture];
        return [paragraph([picture]), ...(caption ? [paragraph([emphasis(caption)])] : [])];
      }
      case "Details": {
        const summary = attribute("summary").text ?? "Details";
        if (!flow) return [strong(summary), text(": "), ...phrasingChildren()];
        return [paragraph([strong(summary)]), ...asFlow(children())];
      }
      case "Diagram": {
        const caption = attribute("caption").text;
        const description = attribute("description").text;
        if (!flow) return [text([description, caption].filter(Boolean).join(" "))];
        return [
          ...(description ? [paragraph([strong("Diagram:"), text(` ${description}`)])] : []),
          ...(caption ? [paragraph([emphasis(caption)])] : []),
        ];
      }
      case "a": {
        const href = attribute("href").text;
        return href === undefined ? phrasingChildren() : link(href, phrasingChildren());
      }
      case "img": {
        const src = attribute("src").text;
        return src === undefined ? [] : [image(src, "post", attribute("alt").text ?? "")];
      }
      case "br":
        return flow ? [] : [{ type: "break" }];
      case "hr":
        return [{ type: "thematicBreak" }];
      case "code":
      case "kbd":
        return [{ type: "inlineCode", value: textOf(node) }];
      case "pre":
        return [{ type: "code", lang: null, meta: null, value: textOf(node).replace(/\n$/, "") }];
      case "strong":
      case "b":
        return [{ type: "strong", children: phrasingChildren() }];
      case "em":
      case "i":
        return [{ type: "emphasis", children: phrasingChildren() }];
      case "del":
      case "s":
        return [{ type: "delete", children: phrasingChildren() }];
      case "p":
        return [paragraph(phrasingChildren())];
      case "blockquote":
        return [{ type: "blockquote", children: asFlow(children()) }];
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        return [{ type: "heading", depth: Number(name.slice(1)), children: phrasingChildren() }];
      default:
        if (DROPPED_ELEMENTS.has(name.toLowerCase()) || FORBIDDEN_ELEMENTS.has(name.toLowerCase())) return [];
        // Any other element, a fragment or a package's component: its content.
        return children();
    }
  };

  /** Nodes converted: MDX nodes replaced, URLs made absolute, the rest kept (copied: the tree is not changed). */
  const convert = (nodes: readonly Node[]): Node[] =>
    nodes.flatMap((node): Node[] => {
      switch (node.type) {
        case "mdxjsEsm":
          return [];
        case "mdxFlowExpression":
        case "mdxTextExpression": {
          const shown = shownText(node.value ?? "");
          if (shown === undefined) return [];
          return node.type === "mdxFlowExpression" ? [paragraph([text(shown)])] : [text(shown)];
        }
        case "mdxJsxFlowElement":
          return asFlow(element(node, true));
        case "mdxJsxTextElement":
          return asPhrasing(element(node, false));
        case "image":
          return [image(node.url ?? "", "post", node.alt ?? "", node.title ?? null)];
        case "link":
          return link(node.url ?? "", convert(node.children ?? []), node.title ?? null);
        case "definition": {
          const url = node.url ?? "";
          if (!isSafeUrl(url)) return [{ ...node, url: "" }];
          const copy: Node = { ...node, url: absoluteAgainst(url, options.pageUrl) };
          // A reference to an image beside the post: the URL of the file the site serves.
          return [isRelativeFile(url) && IMAGE_FILE.test(url) ? wait(copy, { written: url, from: "post" }) : copy];
        }
        default: {
          if (!node.children) return [{ ...node }];
          const children = convert(node.children);
          const converted = { ...node, children: FLOW_PARENTS.has(node.type) ? asFlow(children) : children };
          return [node.type === "blockquote" ? keepAlertMarker(converted) : converted];
        }
      }
    });

  const converted = asFlow(convert(tree.children ?? []));
  const first = converted[0];
  if (first?.type === "heading" && first.depth === 1 && normalized(textOf(first)) === normalized(options.title)) {
    converted.shift();
  }
  const root: Node = { type: "root", children: converted };
  return {
    images: pending.map(({ image }) => image),
    render(imageUrl) {
      for (const { node, image } of pending) node.url = imageUrl(image) ?? node.url ?? "";
      return print(root);
    },
  };
}

/** One change to a `.md` body: the text from `start` to `end` becomes what `replacement` makes of the images. */
interface Edit {
  start: number;
  end: number;
  replacement: (imageUrl: (image: TwinImage) => string | undefined) => string;
}

/** A `.md` body as written, with the edits its local URLs, unsafe markup and repeated title need. */
function planMarkdown(body: string, options: TwinBodyOptions): TwinBodyPlan {
  const tree = markdownToMdast(body, { features: FEATURES }) as unknown as Node;
  const edits: Edit[] = [];
  const images: TwinImage[] = [];
  const span = (node: Node) => ({ start: node.position?.start.offset, end: node.position?.end.offset });
  const edit = (node: Node, replacement: Edit["replacement"]) => {
    const { start, end } = span(node);
    if (start !== undefined && end !== undefined) edits.push({ start, end, replacement });
  };
  /** An image's or a definition's URL once the images are resolved. */
  const imageUrlOf = (url: string, from: "image" | "definition") => {
    if (isRelativeFile(url) && (from === "image" || IMAGE_FILE.test(url))) {
      const image: TwinImage = { written: url, from: "post" };
      images.push(image);
      return (resolve: (image: TwinImage) => string | undefined) =>
        resolve(image) ?? absoluteAgainst(url, options.pageUrl);
    }
    return () => (isAbsolute(url) ? url : absoluteAgainst(url, options.pageUrl));
  };

  /** Looks at one node; true when its children are to be looked at too. */
  const visit = (node: Node): boolean => {
    const url = node.url ?? "";
    if (node.type === "image") {
      if (!isSafeUrl(url)) edit(node, () => print(text(node.alt ?? "")));
      else if (!isAbsolute(url)) {
        const resolved = imageUrlOf(url, "image");
        edit(node, (resolve) =>
          print({ type: "image", url: resolved(resolve), alt: node.alt ?? "", title: node.title ?? null }),
        );
      }
    } else if (node.type === "definition") {
      if (!isSafeUrl(url) || !isAbsolute(url)) {
        const resolved = isSafeUrl(url) ? imageUrlOf(url, "definition") : () => "";
        const { position: _, ...definition } = node;
        edit(node, (resolve) => print({ ...definition, url: resolved(resolve) }));
      }
    } else if (node.type === "link") {
      const children = node.children ?? [];
      const { start, end } = span(node);
      const textStart = children[0]?.position?.start.offset;
      const textEnd = children.at(-1)?.position?.end.offset;
      if (!isSafeUrl(url) && textStart !== undefined && textEnd !== undefined) {
        // Shown as its text, as the page shows it: the text as written, without the link around it.
        edits.push({
          start: start ?? textStart,
          end: end ?? textEnd,
          replacement: () => body.slice(textStart, textEnd),
        });
        return false;
      }
      // An autolink (`<https://…>`) is absolute already; a [text](url) keeps its text as written.
      if (!isAbsolute(url) && start !== undefined && end !== undefined && body[start] === "[") {
        const tailStart = textEnd ?? start + 1;
        const tail = print({
          type: "link",
          url: absoluteAgainst(url, options.pageUrl),
          title: node.title ?? null,
          children: [],
        });
        edits.push({ start: tailStart, end, replacement: () => tail.slice(1) });
      }
    } else if (node.type === "html" && !isSafeHtml(node.value ?? "")) {
      edit(node, () => print(text(node.value ?? "")));
    }
    return true;
  };

  const children = tree.children ?? [];
  // The first node but raw HTML, as the page's rule reads it (src/markdown/title-heading.ts).
  const first = children.find((node) => node.type !== "html");
  if (first?.type === "heading" && first.depth === 1 && normalized(textOf(first)) === normalized(options.title)) {
    const { start, end } = span(first);
    if (start !== undefined && end !== undefined) {
      const after = /^\s*/.exec(body.slice(end))?.[0].length ?? 0;
      edits.push({ start, end: end + after, replacement: () => "" });
    }
  }
  // A stack, not recursion: posts nest thousands of levels deep (tests/fixtures/hostile/nesting/).
  const stack = [...children].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (visit(node)) stack.push(...[...(node.children ?? [])].reverse());
  }

  return {
    images,
    render(imageUrl) {
      // An edit inside another (a link in the dropped title) goes with it; the rest apply from the end.
      const kept: Edit[] = [];
      for (const change of [...edits].sort((a, b) => a.start - b.start || b.end - a.end)) {
        const last = kept.at(-1);
        if (!last || change.start >= last.end) kept.push(change);
      }
      let result = body;
      for (const change of kept.reverse()) {
        result = result.slice(0, change.start) + change.replacement(imageUrl) + result.slice(change.end);
      }
      return result.replace(/^\s*\n/, "").trimEnd();
    },
  };
}

/**
 * An MDX body as written but for its imports and exports: the twin of a post nested too deep to convert
 * (thousands of levels, which the page renders: tests/fixtures/hostile/nesting/), rather than no twin.
 */
function mdxWithoutEsm(body: string): TwinBodyPlan {
  const tree = mdxToMdast(body, { features: FEATURES }) as unknown as Node;
  let result = body;
  for (const node of [...(tree.children ?? [])].reverse()) {
    const { start, end } = { start: node.position?.start.offset, end: node.position?.end.offset };
    if (node.type === "mdxjsEsm" && start !== undefined && end !== undefined) {
      result = result.slice(0, start) + result.slice(end);
    }
  }
  const trimmed = result.trim();
  return { images: [], render: () => trimmed };
}

/** Reads a post body for its twin: `.md` as written with its URLs fixed, `.mdx` as Markdown (see the top). */
export function planTwinBody(body: string, options: TwinBodyOptions): TwinBodyPlan {
  if (options.format === "md") return planMarkdown(body, options);
  const deep = (error: unknown) => error instanceof RangeError;
  try {
    const plan = planMdx(body, options);
    return {
      images: plan.images,
      render(imageUrl) {
        try {
          return plan.render(imageUrl);
        } catch (error) {
          if (deep(error)) return mdxWithoutEsm(body).render(imageUrl);
          throw error;
        }
      },
    };
  } catch (error) {
    if (deep(error)) return mdxWithoutEsm(body);
    throw error;
  }
}

/** The header of a twin: the title as a heading, then what the page's header says, as a list. */
export function twinHeader(header: TwinHeader): string {
  const clean = (value: string) => stripBidiControls(value).replace(/\s+/g, " ").trim();
  const item = (label: string, value: Node[]): Node => ({
    type: "listItem",
    spread: false,
    children: [paragraph([strong(`${label}:`), text(" "), ...value])],
  });
  const items = [
    item("URL", [{ type: "link", url: header.url, title: null, children: [text(header.url)] }]),
    item("Published", [text(toDateTimeAttribute(header.date))]),
    ...(header.updated ? [item("Updated", [text(toDateTimeAttribute(header.updated))])] : []),
    item("Author", [text(clean(header.author))]),
    item("Category", [text(clean(header.category))]),
    ...(header.tags.length > 0 ? [item("Tags", [text(header.tags.map(clean).join(", "))])] : []),
  ];
  return print({
    type: "root",
    children: [
      { type: "heading", depth: 1, children: [text(clean(header.title))] },
      { type: "list", ordered: false, spread: false, children: items },
      { type: "blockquote", children: [paragraph([text(clean(header.excerpt))])] },
    ],
  });
}

/** The whole twin: header, a rule, the body. */
export function markdownTwin(header: TwinHeader, body: string): string {
  return `${twinHeader(header)}\n\n---\n\n${body.trim()}\n`;
}
