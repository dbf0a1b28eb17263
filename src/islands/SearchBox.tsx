import { useEffect, useRef, useState } from "preact/hooks";
import SearchResults from "./SearchResults.tsx";
import { type SearchHit, searchPosts } from "./search-client.ts";

interface Props {
  /** The /search/ page; without JavaScript the form simply goes there. */
  searchPageUrl: string;
}

type State = { status: "idle" } | { status: "done"; hits: SearchHit[]; total: number } | { status: "error" };

/** The header search box: a plain GET form until hydrated, then live results as you type. */
export default function SearchBox({ searchPageUrl }: Props) {
  const [query, setQuery] = useState("");
  const [state, setState] = useState<State>({ status: "idle" });
  const input = useRef<HTMLInputElement>(null);

  // Words typed while the code was still loading are in the input already: search them.
  useEffect(() => {
    if (input.current?.value) setQuery(input.current.value);
  }, []);

  useEffect(() => {
    if (!query.trim()) {
      setState({ status: "idle" });
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      searchPosts(query, {}, 5).then(
        ({ hits, total }) => current && setState({ status: "done", hits, total }),
        () => current && setState({ status: "error" }),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const seeAll = `${searchPageUrl}?q=${encodeURIComponent(query.trim())}`;
  return (
    <search class="search-box" aria-label="Site search">
      <form action={searchPageUrl} method="get">
        <label class="sr-only" for="site-search">
          Search posts
        </label>
        <input
          ref={input}
          id="site-search"
          class="search-box__input"
          type="search"
          name="q"
          placeholder="Search  ( / )"
          autocomplete="off"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") setQuery("");
          }}
        />
        <button type="submit" class="sr-only-focusable">
          Search
        </button>
        <div class="search-box__panel" aria-live="polite" hidden={state.status === "idle"}>
          {state.status === "error" && <p>Search is unavailable right now.</p>}
          {state.status === "done" && (
            <>
              <p class="search-box__count">
                {state.total === 0 ? "No posts match." : `${state.total} ${state.total === 1 ? "post" : "posts"} found`}
              </p>
              <SearchResults hits={state.hits} compact />
              {state.total > 0 && <a href={seeAll}>See all results and filter by tag →</a>}
            </>
          )}
        </div>
      </form>
    </search>
  );
}
