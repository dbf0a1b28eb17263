import { siteConfig } from "#src/site.config.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(siteConfig.lang, { timeZone: siteConfig.timeZone, ...options });
    formatters.set(key, cached);
  }
  return cached;
}

/** "November 15, 2023": the one human date format, in the site's locale and time zone. */
export function formatDate(date: Date): string {
  return formatter({ year: "numeric", month: "long", day: "numeric" }).format(date);
}

/** "Nov 15": for archive lists grouped by year. */
export function formatMonthDay(date: Date): string {
  return formatter({ month: "short", day: "numeric" }).format(date);
}

/** The calendar year in the site's time zone. */
export function yearOf(date: Date): number {
  return Number(formatter({ year: "numeric" }).format(date));
}

/** Machine-readable value for `<time datetime>`: the date alone when it has no time of day. */
export function toDateTimeAttribute(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}
