export interface Page<T> {
  items: T[];
  /** 1-based. */
  currentPage: number;
  lastPage: number;
  total: number;
  url: { current: string; prev?: string | undefined; next?: string | undefined; first: string; last: string };
}

/** The URL of page `n` of a list whose first page is `firstPageUrl` (ending in "/"). */
export function pageUrl(firstPageUrl: string, n: number): string {
  return n <= 1 ? firstPageUrl : `${firstPageUrl}${n}/`;
}

/**
 * Splits items into pages: page 1 at `firstPageUrl`, page n at `firstPageUrl` + "n/".
 * An empty list still has one (empty) page so its URL exists.
 */
export function paginate<T>(items: readonly T[], pageSize: number, firstPageUrl: string): Page<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  const lastPage = Math.max(1, Math.ceil(items.length / pageSize));
  return Array.from({ length: lastPage }, (_, index) => {
    const currentPage = index + 1;
    return {
      items: items.slice(index * pageSize, currentPage * pageSize),
      currentPage,
      lastPage,
      total: items.length,
      url: {
        current: pageUrl(firstPageUrl, currentPage),
        prev: currentPage > 1 ? pageUrl(firstPageUrl, currentPage - 1) : undefined,
        next: currentPage < lastPage ? pageUrl(firstPageUrl, currentPage + 1) : undefined,
        first: pageUrl(firstPageUrl, 1),
        last: pageUrl(firstPageUrl, lastPage),
      },
    };
  });
}

/** The `page` route parameter for page n: undefined for page 1 so it lives at the list's own URL. */
export function pageParam(n: number): string | undefined {
  return n <= 1 ? undefined : String(n);
}

/**
 * `getStaticPaths` entries for a paginated list under a `[...page]` route:
 * one per page, with extra params (such as the tag) and props merged in.
 */
export function paginatedPaths<T, Params extends Record<string, string>, Extra extends object>(
  items: readonly T[],
  pageSize: number,
  firstPageUrl: string,
  params: Params,
  extra: Extra,
) {
  return paginate(items, pageSize, firstPageUrl).map((page) => ({
    params: { ...params, page: pageParam(page.currentPage) },
    props: { ...extra, page },
  }));
}
