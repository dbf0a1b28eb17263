/**
 * Output safety, for any built site: nothing live where only content belongs. Each check reads one file's text
 * with a real parser (linkedom for HTML and XML, libxml2 through xmllint-wasm for strictness; never a pattern
 * over text, which may rightly show such strings as escaped text) and returns one line per problem, naming the
 * file (and a feed's item) and what was found. Used by verify-site.ts (`npm run verify`).
 *
 * - An SVG file holds no script, foreignObject or handler element, no event handler attribute, no script-capable
 *   link, no animation that rewrites a link or a handler, and no internal DTD subset (entities a browser would
 *   expand where this check cannot see).
 * - An HTML page holds no event handler attribute, no script URL in a URL attribute, no meta refresh to one.
 * - The HTML bodies of a feed (RSS description and content:encoded, Atom text of type html or xhtml, JSON Feed
 *   content_html) hold none of those, and no element a feed body may not hold (a script, a frame, a form…).
 * - XML (feeds, sitemaps, SVG) is well-formed; JSON is strict JSON.
 */
import { DOMParser, parseHTML } from "linkedom";
import { validateXML } from "xmllint-wasm";

/** Attributes that hold URLs (srcset-like ones hold several), by local name: xlink:href is an href. */
const URL_ATTRIBUTE =
  /^(href|src|srcset|imagesrcset|action|formaction|poster|data|cite|background|ping|longdesc|manifest|codebase|archive|classid|usemap|lowsrc|dynsrc|profile|icon)$/i;
/** Elements that run script or load a document of their own in an SVG file. */
const SVG_FORBIDDEN = new Set(["script", "foreignobject", "handler", "listener", "iframe", "embed", "object"]);
/** Elements no feed body may hold: a reader would run, load or submit them (a task list's checkbox is the one input). */
const FEED_FORBIDDEN = new Set([
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "link",
  "meta",
  "form",
  "button",
  "select",
  "textarea",
  "foreignobject",
  "animate",
  "set",
  "input",
]);
/** Media types a browser may run script in, or render as a document that can. */
const SCRIPT_CAPABLE_TYPE = /^$|^text\/|html|xml|script/i;

/** A name without its namespace prefix, lower case: `xlink:href` → `href`, `svg:SCRIPT` → `script`. */
const localOf = (name: string) => name.replace(/^.*:/, "").toLowerCase();

/**
 * Whether a URL is one a browser would run or render as a script-capable document: javascript:, vbscript:, or
 * data: of a text, HTML, XML (SVG included) or script type. Read as the browser reads it: spaces and controls
 * at the start, and tabs and newlines anywhere, dropped.
 */
export function isScriptUrl(raw: string): boolean {
  let start = 0;
  while (start < raw.length && raw.charCodeAt(start) <= 0x20) start++;
  const url = raw.slice(start).replace(/[\t\n\r]/g, "");
  if (/^(javascript|vbscript|livescript):/i.test(url)) return true;
  const data = /^data:([^,;]*)/i.exec(url);
  return data !== null && SCRIPT_CAPABLE_TYPE.test((data[1] ?? "").trim());
}

/** A value shown on one line, controls escaped, long ones cut. */
function shown(value: string): string {
  const escaped = value.replace(/[\p{Cc}"]/gu, (character) =>
    character === '"' ? "&quot;" : `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.length > 100 ? `${escaped.slice(0, 100)}…` : escaped;
}

const tag = (element: { localName: string }, name?: string, value?: string) =>
  name === undefined ? `<${element.localName}>` : `<${element.localName} ${name}="${shown(value ?? "")}">`;

/** What is live about one element's attributes: handlers, script URLs, a refresh to one, an animated link or handler. */
function attributeProblems(element: Element): string[] {
  const problems: string[] = [];
  for (const { name, value } of [...element.attributes]) {
    const local = localOf(name);
    if (local.startsWith("on")) problems.push(`event handler ${tag(element, name, value)}`);
    else if (URL_ATTRIBUTE.test(local)) {
      const urls = local.endsWith("srcset")
        ? value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
        : [value];
      if (urls.some(isScriptUrl)) problems.push(`script URL ${tag(element, name, value)}`);
    }
  }
  const local = localOf(element.localName);
  const httpEquiv = element.getAttribute("http-equiv");
  if (local === "meta" && httpEquiv && /refresh/i.test(httpEquiv)) {
    const content = element.getAttribute("content") ?? "";
    const target = /url\s*=\s*['"]?([^'"]*)/i.exec(content)?.[1] ?? "";
    if (isScriptUrl(target)) problems.push(`refresh to a script URL ${tag(element, "content", content)}`);
  }
  // <set attributeName="href" to="javascript:…"> turns a harmless link into a script link once the drawing runs.
  const animated = element.getAttribute("attributeName");
  if ((local === "set" || local === "animate") && animated !== null) {
    const target = localOf(animated);
    if (target === "href" || target.startsWith("on"))
      problems.push(`animation of a link or handler ${tag(element, "attributeName", animated)}`);
  }
  return problems;
}

/** Problems of an SVG file (its text). */
export function svgProblems(file: string, svg: string): string[] {
  const problems: string[] = [];
  // Entities declared in the file are expanded by the browser, not by the parser below: such a file is refused.
  if (/<!DOCTYPE[^>[]*\[/i.test(svg)) problems.push(`${file}: an internal DTD subset (<!DOCTYPE … [ … ]>)`);
  const document = new DOMParser().parseFromString(svg, "image/svg+xml");
  const root = document.documentElement;
  if (!root || localOf(root.localName) !== "svg")
    problems.push(`${file}: not an SVG document (its root is ${root ? tag(root) : "missing"})`);
  for (const element of document.querySelectorAll("*")) {
    if (SVG_FORBIDDEN.has(localOf(element.localName))) problems.push(`${file}: ${tag(element)} element`);
    for (const problem of attributeProblems(element)) problems.push(`${file}: ${problem}`);
  }
  return problems;
}

/** Problems of an HTML page, parsed (verify-site parses each page once). */
export function pageProblems(file: string, document: Document): string[] {
  return [...document.querySelectorAll("*")].flatMap((element) =>
    attributeProblems(element).map((problem) => `${file}: ${problem}`),
  );
}

/** Problems of a fragment of HTML a feed carries as an item's body; `where` names the feed and the item. */
export function feedBodyProblems(where: string, html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const problems: string[] = [];
  for (const element of document.body.querySelectorAll("*")) {
    const local = localOf(element.localName);
    const allowedInput = local === "input" && element.getAttribute("type")?.toLowerCase() === "checkbox";
    if (FEED_FORBIDDEN.has(local) && !allowedInput) problems.push(`${where}: ${tag(element)} in a feed body`);
    for (const problem of attributeProblems(element)) problems.push(`${where}: ${problem} in a feed body`);
  }
  return problems;
}

export interface FeedBody {
  /** The feed file, and the item's link when the body is an item's. */
  where: string;
  html: string;
}

const childrenNamed = (element: Element, name: string) =>
  [...element.children].filter((child) => localOf(child.localName) === name);

/** The link that names an item in messages: RSS link or guid, Atom alternate link or id. */
function itemName(item: Element): string {
  const [rssLink] = childrenNamed(item, "link").filter((link) => !link.getAttribute("href"));
  const atomLink = childrenNamed(item, "link").find(
    (link) => link.getAttribute("href") && (link.getAttribute("rel") ?? "alternate") === "alternate",
  );
  const [id] = [...childrenNamed(item, "guid"), ...childrenNamed(item, "id")];
  return (rssLink?.textContent ?? atomLink?.getAttribute("href") ?? id?.textContent ?? "").trim();
}

/**
 * The HTML bodies of a feed, or undefined when the file is no feed (a sitemap, a JSON file of another kind, or
 * one that does not parse: the strictness checks report those). RSS 2.0 and 1.0 read their description and
 * content:encoded as HTML; Atom, any text of type html or xhtml; JSON Feed, content_html.
 */
export function feedBodies(file: string, text: string): FeedBody[] | undefined {
  if (file.endsWith(".json")) {
    let feed: unknown;
    try {
      feed = JSON.parse(text);
    } catch {
      return undefined;
    }
    const { version, items } = (feed ?? {}) as { version?: unknown; items?: unknown };
    if (typeof version !== "string" || !version.startsWith("https://jsonfeed.org/version/")) return undefined;
    return (Array.isArray(items) ? items : []).flatMap(
      (item: { url?: unknown; id?: unknown; content_html?: unknown }) =>
        typeof item?.content_html === "string"
          ? [{ where: `${file} (${String(item.url ?? item.id ?? "")})`, html: item.content_html }]
          : [],
    );
  }
  const document = new DOMParser().parseFromString(text, "text/xml");
  const root = document.documentElement;
  const format = root ? localOf(root.localName) : "";
  if (!["rss", "feed", "rdf"].includes(format)) return undefined;
  const bodies: FeedBody[] = [];
  for (const element of document.querySelectorAll("*")) {
    const type = element.getAttribute("type")?.toLowerCase();
    const local = localOf(element.localName);
    const html = type === "html" || (format !== "feed" && (local === "description" || local === "encoded"));
    if (!html && type !== "xhtml") continue;
    let item: Element | null = element.parentElement;
    while (item && !["item", "entry"].includes(localOf(item.localName))) item = item.parentElement;
    const name = item ? itemName(item) : "";
    bodies.push({
      where: name ? `${file} (${name})` : file,
      // xhtml content is markup inside the element; html content is its text, the markup escaped once.
      html: type === "xhtml" ? element.innerHTML : (element.textContent ?? ""),
    });
  }
  return bodies;
}

/** Problems of a feed's HTML bodies; none for a file that is no feed. */
export function feedProblems(file: string, text: string): string[] {
  return (feedBodies(file, text) ?? []).flatMap(({ where, html }) => feedBodyProblems(where, html));
}

/** Why an XML document is not well-formed (libxml2's parse errors, with their line); [] when it is. */
export async function xmlWellFormednessProblems(file: string, xml: string): Promise<string[]> {
  const { errors } = await validateXML({ xml: { fileName: "document.xml", contents: xml }, normalization: "format" });
  // libxml2 follows each error with the offending line and a caret, which carry no location.
  const located = errors.filter((error) => error.loc);
  return (located.length > 0 ? located : errors.slice(0, 1)).map(
    (error) =>
      `${file}${error.loc?.lineNumber ? `:${error.loc.lineNumber}` : ""}: not well-formed XML (${shown(error.message.trim())})`,
  );
}

/** Why a file is not strict JSON; [] when it is. */
export function jsonProblems(file: string, json: string): string[] {
  try {
    JSON.parse(json);
    return [];
  } catch (error) {
    return [`${file}: invalid JSON (${(error as Error).message})`];
  }
}
