/**
 * The browser side of search: loads Pagefind's own script and index from
 * /pagefind/ on first use (never on page load) and maps its results.
 */

/** One search result as the islands show it. */
export interface SearchHit {
  url: string;
  title: string;
  /** HTML from Pagefind: escaped text with <mark> around the matched words. */
  excerpt: string;
  date?: string | undefined;
  tags: string[];
  category?: string | undefined;
}

/** The parts of a Pagefind result's data that are used here. */
export interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters?: Record<string, string[] | undefined>;
}

interface PagefindModule {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(
    query: string | null,
    options?: { filters?: Record<string, { any: string[] }> },
  ): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

export type SearchFilters = { tag?: string[]; category?: string[] };

export function toSearchHit(data: PagefindResultData): SearchHit {
  const title = data.meta.title ?? data.url;
  return {
    url: data.url,
    title,
    excerpt: trimTitleFromExcerpt(data.excerpt, title),
    date: data.meta.date,
    tags: data.filters?.tag ?? [],
    category: data.filters?.category?.[0],
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
const untag = (html: string) => html.replace(/<[^>]*>/g, "");
/** A word as compared: lower case, without punctuation at either end. */
const norm = (text: string) => text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
const wordOf = (html: string) =>
  norm(untag(html).replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? ""));

/**
 * Where a page's indexed text begins with its title, Pagefind's excerpt can start inside it. Post
 * pages keep their h1 out of the indexed text (PostLayout.astro); this is the net for any other:
 * it drops a leading fragment that is the tail (or whole) of the title, word by word and
 * case-insensitively, keeping the <mark>s of what remains.
 */
export function trimTitleFromExcerpt(excerptHtml: string, title: string): string {
  const titleWords = title.split(/\s+/).map(norm).filter(Boolean);
  // The excerpt's words as HTML (a word may carry <mark> tags), punctuation-only ones left out.
  const words = [...excerptHtml.matchAll(/(?:<[^>]*>|[^\s<])+/g)].filter((match) => wordOf(match[0]));
  for (let length = Math.min(titleWords.length, words.length - 1); length > 0; length--) {
    if (!titleWords.slice(-length).every((word, i) => wordOf(words[i]?.[0] ?? "") === word)) continue;
    const next = words[length] as RegExpExecArray;
    // Only where the h1 ends: Pagefind closes it with a "." (or keeps the title's own "?", "…", emoji),
    // while the same words in the body run on ("…Apache Kafka and Spark Streaming", "Streams are…").
    const end = /[^\p{L}\p{N}]*$/u.exec(untag(excerptHtml.slice(0, next.index)))?.[0] ?? "";
    if (/[^\s,]/.test(end)) return excerptHtml.slice(next.index);
  }
  return excerptHtml;
}

/** Pagefind's filter argument: a result must match any of the chosen values of each kind. */
export function toPagefindFilters(filters: SearchFilters): Record<string, { any: string[] }> {
  const result: Record<string, { any: string[] }> = {};
  for (const [kind, values] of Object.entries(filters)) {
    if (values && values.length > 0) result[kind] = { any: values };
  }
  return result;
}

const base = import.meta.env.BASE_URL.endsWith("/") ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
let pagefind: Promise<PagefindModule> | undefined;

function loadPagefind(): Promise<PagefindModule> {
  pagefind ??= import(/* @vite-ignore */ `${base}pagefind/pagefind.js`).then(async (module: PagefindModule) => {
    await module.options({ baseUrl: base, excerptLength: 26 });
    await module.init();
    return module;
  });
  return pagefind;
}

export async function searchPosts(
  query: string,
  filters: SearchFilters = {},
  limit = 20,
): Promise<{ total: number; hits: SearchHit[] }> {
  const pagefindFilters = toPagefindFilters(filters);
  const hasFilters = Object.keys(pagefindFilters).length > 0;
  if (!query.trim() && !hasFilters) return { total: 0, hits: [] };
  const module = await loadPagefind();
  const search = await module.search(query.trim() || null, { filters: pagefindFilters });
  const results = search?.results ?? [];
  const hits = await Promise.all(results.slice(0, limit).map(async (result) => toSearchHit(await result.data())));
  return { total: results.length, hits };
}

/** Every tag and category with its number of posts, for the filter lists. */
export async function searchFilters(): Promise<Record<string, Record<string, number>>> {
  return (await loadPagefind()).filters();
}
