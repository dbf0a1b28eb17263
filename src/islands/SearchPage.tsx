import { useEffect, useState } from "preact/hooks";
import SearchResults from "#src/islands/SearchResults.tsx";
import { type SearchFilters, type SearchHit, searchFilters, searchPosts } from "#src/islands/search-client.ts";

type FilterKind = "tag" | "category";
const LABELS: Record<FilterKind, string> = { tag: "Tags", category: "Categories" };

function initialQuery(): string {
  return typeof location === "undefined" ? "" : (new URLSearchParams(location.search).get("q") ?? "");
}

/** The /search/ page: a query box, tag and category filters, and every result. */
export default function SearchPage() {
  const [query, setQuery] = useState(initialQuery);
  const [filters, setFilters] = useState<SearchFilters>({});
  const [available, setAvailable] = useState<Record<string, Record<string, number>>>({});
  const [result, setResult] = useState<{ hits: SearchHit[]; total: number } | undefined>();

  useEffect(() => {
    searchFilters().then(setAvailable, () => setAvailable({}));
  }, []);

  useEffect(() => {
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set("q", query.trim());
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    let current = true;
    const timer = setTimeout(() => {
      searchPosts(query, filters, 50).then(
        (found) => current && setResult(found),
        () => current && setResult({ hits: [], total: 0 }),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, filters]);

  const toggle = (kind: FilterKind, value: string) =>
    setFilters((previous) => {
      const chosen = new Set(previous[kind] ?? []);
      if (chosen.has(value)) chosen.delete(value);
      else chosen.add(value);
      return { ...previous, [kind]: [...chosen] };
    });

  const active = Object.values(filters).some((values) => values && values.length > 0);
  return (
    <div class="search-page">
      <header class="page-header">
        <p class="eyebrow">Search</p>
        <h1>Find a post</h1>
      </header>
      <search aria-label="Search posts">
        <form onSubmit={(event) => event.preventDefault()}>
          <label for="search-page-input">Search posts</label>
          <input
            id="search-page-input"
            class="search-page__input"
            type="search"
            name="q"
            value={query}
            autocomplete="off"
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          <button type="submit" class="sr-only-focusable">
            Search
          </button>
        </form>
      </search>
      <div class="search-page__layout">
        <div class="search-page__filters">
          {(["tag", "category"] as const).map((kind) =>
            Object.keys(available[kind] ?? {}).length === 0 ? null : (
              <fieldset key={kind}>
                <legend>{LABELS[kind]}</legend>
                {Object.entries(available[kind] ?? {})
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([value, count]) => (
                    <label key={value} class="search-page__filter">
                      <input
                        type="checkbox"
                        name={kind}
                        value={value}
                        checked={filters[kind]?.includes(value) ?? false}
                        onChange={() => toggle(kind, value)}
                      />{" "}
                      <bdi>{value}</bdi> <span class="muted">({count})</span>
                    </label>
                  ))}
              </fieldset>
            ),
          )}
        </div>
        <div class="search-page__results" aria-live="polite">
          {result && (query.trim() || active) ? (
            <>
              <p class="search-page__count">
                {result.total === 0
                  ? "No posts match."
                  : `${result.total} ${result.total === 1 ? "post" : "posts"} found`}
              </p>
              <SearchResults hits={result.hits} />
            </>
          ) : (
            <p class="muted">Type a word, or pick a tag or category.</p>
          )}
        </div>
      </div>
    </div>
  );
}
