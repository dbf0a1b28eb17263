/**
 * Where a post appears in a built site, read from the output alone (real parsers, not the site's code):
 * every page, feed, sitemap, search fragment, card, Markdown twin and llms.txt that names or links it.
 * The publishing tests assert each visibility rule against the whole list at once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import { listFiles } from "#tests/support/dist.ts";

/** Every kind of place a post can appear, in the order the tests spell them out. */
export const PLACES = [
  "its page",
  "its Open Graph card",
  "its Markdown twin",
  "the home page",
  "the blog index",
  "the archive",
  "tag pages",
  "category pages",
  "author pages",
  "series pages",
  "other posts' related posts",
  "other posts' prev/next",
  "other posts' series box",
  "other pages",
  "the RSS feed",
  "the Atom feed",
  "the JSON feed",
  "tag feeds",
  "category feeds",
  "author feeds",
  "the sitemap",
  "the search index",
  "llms.txt",
  "other Markdown twins",
] as const;
export type Place = (typeof PLACES)[number];

/** Where every public post appears, whatever else it is in (related posts and prev/next depend on its neighbours). */
export const PUBLIC_POST_PLACES: readonly Place[] = [
  "its page",
  "its Open Graph card",
  "the home page",
  "the blog index",
  "the archive",
  "tag pages",
  "category pages",
  "the RSS feed",
  "the Atom feed",
  "the JSON feed",
  "tag feeds",
  "category feeds",
  "the sitemap",
  "the search index",
];

export interface SiteOutputs {
  /** The places that name or link `/blog/<slug>/`, in PLACES order. */
  placesOf(slug: string): Place[];
  files: string[];
  read(file: string): string;
}

/** A page's links to a post, by where on the page they are. */
function pagePlaces(file: string, html: string, href: RegExp): Place[] {
  const { document } = parseHTML(html);
  const links = [...document.querySelectorAll("a[href], link[href]")].filter((link) =>
    href.test(link.getAttribute("href") ?? ""),
  );
  if (links.length === 0) return [];
  const places = new Set<Place>();
  for (const link of links) {
    if (/^blog\/[^/]+\/index\.html$/.test(file) && !/^blog\/\d+\//.test(file)) {
      if (link.closest(".related, [aria-labelledby='related-heading'], .related-posts"))
        places.add("other posts' related posts");
      else if (link.closest(".post-nav") || /\b(prev|next)\b/.test(link.getAttribute("rel") ?? ""))
        places.add("other posts' prev/next");
      else if (link.closest(".series, .series-box, [data-series]")) places.add("other posts' series box");
      else places.add("other pages");
    } else if (file === "index.html") places.add("the home page");
    else if (/^blog\/(\d+\/)?index\.html$/.test(file)) places.add("the blog index");
    else if (file.startsWith("archive/")) places.add("the archive");
    else if (file.startsWith("tags/")) places.add("tag pages");
    else if (file.startsWith("categories/")) places.add("category pages");
    else if (file.startsWith("authors/")) places.add("author pages");
    else if (file.startsWith("series/")) places.add("series pages");
    else places.add("other pages");
  }
  return [...places];
}

function feedPlace(file: string): Place | undefined {
  if (file === "rss.xml") return "the RSS feed";
  if (file === "atom.xml") return "the Atom feed";
  if (file === "feed.json") return "the JSON feed";
  if (/^tags\/.+\.xml$/.test(file)) return "tag feeds";
  if (/^categories\/.+\.xml$/.test(file)) return "category feeds";
  if (/^authors\/.+\.xml$/.test(file)) return "author feeds";
  if (/^sitemap.*\.xml$/.test(file)) return "the sitemap";
  if (file === "llms.txt") return "llms.txt";
  return undefined;
}

export function readSiteOutputs(distDir: string): SiteOutputs {
  const files = listFiles(distDir);
  const texts = new Map<string, string>();
  const read = (file: string) => {
    let text = texts.get(file);
    if (text === undefined) {
      text = readFileSync(join(distDir, file), "utf8");
      texts.set(file, text);
    }
    return text;
  };
  const fragmentsDir = join(distDir, "pagefind/fragment");
  const fragments = existsSync(fragmentsDir)
    ? readdirSync(fragmentsDir).map((name) => gunzipSync(readFileSync(join(fragmentsDir, name))).toString("utf8"))
    : [];
  return {
    files,
    read,
    placesOf(slug) {
      const path = `/blog/${slug}/`;
      const href = new RegExp(`(^|//[^/]+|^/[^/]*?)${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}($|#)`);
      const found = new Set<Place>();
      const ownPage = `blog/${slug}/index.html`;
      if (files.includes(ownPage)) found.add("its page");
      if (files.includes(`og/${slug}.png`)) found.add("its Open Graph card");
      if (files.includes(`blog/${slug}.md`)) found.add("its Markdown twin");
      for (const file of files) {
        if (file === ownPage || file.startsWith("pagefind/") || file.startsWith("_astro/")) continue;
        if (file.endsWith(".html")) {
          for (const place of pagePlaces(file, read(file), href)) found.add(place);
          continue;
        }
        const feed = feedPlace(file);
        // llms.txt links a post's Markdown twin (/blog/<slug>.md), not its page.
        if (feed && (read(file).includes(path) || (feed === "llms.txt" && read(file).includes(`/blog/${slug}.md`))))
          found.add(feed);
        else if (file.endsWith(".md") && file !== `blog/${slug}.md` && read(file).includes(path))
          found.add("other Markdown twins");
      }
      // Pagefind's fragments: one gzipped JSON per indexed page, holding its URL.
      if (
        fragments.some(
          (fragment) => fragment.includes(`"url":"${path}"`) || fragment.includes(`"url":"${path.slice(0, -1)}`),
        )
      )
        found.add("the search index");
      return PLACES.filter((place) => found.has(place));
    },
  };
}
