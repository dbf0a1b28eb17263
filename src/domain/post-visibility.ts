/**
 * Who may see a post, decided in one place: the blog index (src/data/blog.ts) and the tools that read post
 * files outside Astro (build/content/post-files.ts: sitemap, Open Graph cards, verify, check) all ask here.
 * It takes frontmatter the post schema has parsed.
 *
 * - public: its page, and a place in every list, count, feed, the sitemap, the search index, related posts
 *   and prev/next, and its Open Graph card.
 * - unlisted: its page (noindex) and its card, since it is meant to be shared by link; nothing else.
 * - scheduled: dated after the build's time; nothing until a build after that time (the dev server shows it).
 * - draft: `published: false`; nothing (the dev server shows it).
 */
import type { PostData } from "#src/schemas/post.ts";
import { siteConfig } from "#src/site.config.ts";

export type PostVisibility = "public" | "unlisted" | "scheduled" | "draft";

type VisibilityFields = Pick<PostData, "published" | "date" | "unlisted">;

/**
 * The one "now" of a build: `BLOG_BUILD_TIME` (an ISO date-time, which `npm run build` sets once for Astro
 * and every process it starts, so pages, cards and the sitemap agree), else when this module loaded.
 */
export const BUILD_TIME: Date = readBuildTime(globalThis.process?.env?.BLOG_BUILD_TIME);

function readBuildTime(text: string | undefined): Date {
  const time = text ? new Date(text) : new Date();
  if (Number.isNaN(time.getTime())) throw new Error(`BLOG_BUILD_TIME: expected an ISO date-time, found "${text}"`);
  return time;
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. Formatters are slow to make (a whole build asked
 * thousands of times: 1.4 s), so one is made per zone, and the day of each instant remembered. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, string>();
function dayIn(time: Date, timeZone: string): string {
  const key = `${timeZone} ${time.getTime()}`;
  let day = days.get(key);
  if (day === undefined) {
    let format = dayFormats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
      dayFormats.set(timeZone, format);
    }
    day = format.format(time);
    days.set(key, day);
  }
  return day;
}

/**
 * Whether a post's date has come at `now`. A date written without a time (read as midnight UTC) is a day in
 * the site's time zone: the post appears from that day's start there. A date-time is an instant.
 */
export function isDue(date: Date, now: Date, timeZone: string): boolean {
  const dateOnly = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  if (dateOnly && date.getUTCMilliseconds() === 0) return date.toISOString().slice(0, 10) <= dayIn(now, timeZone);
  return date.getTime() <= now.getTime();
}

export function postVisibility(
  post: VisibilityFields,
  now: Date = BUILD_TIME,
  timeZone = siteConfig.timeZone,
): PostVisibility {
  if (!post.published) return "draft";
  if (!isDue(post.date, now, timeZone)) return "scheduled";
  return post.unlisted ? "unlisted" : "public";
}

/** Listed everywhere: lists, counts, feeds, sitemap, search, related posts, prev/next. */
export function isPublicPost(post: VisibilityFields, now: Date = BUILD_TIME, timeZone = siteConfig.timeZone): boolean {
  return postVisibility(post, now, timeZone) === "public";
}

/** Has a page and an Open Graph card in a build: public and unlisted posts. */
export function hasPublicPage(post: VisibilityFields, now: Date = BUILD_TIME, timeZone = siteConfig.timeZone): boolean {
  const visibility = postVisibility(post, now, timeZone);
  return visibility === "public" || visibility === "unlisted";
}
