/**
 * The number of posts per list page, checked: Astro's paginate() would quietly fall back to 10
 * for 0 or NaN and make fractional pages of 2.5, so a mistyped `SITE_PAGE_SIZE` stops the build.
 */
export function checkedPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  return pageSize;
}
