import { useEffect, useRef, useState } from "preact/hooks";
import { type SearchHit, searchPosts } from "#src/islands/search-client.ts";

interface Props {
  /** The /search/ page; without JavaScript the form simply goes there. */
  searchPageUrl: string;
}

type State = { status: "idle" } | { status: "done"; hits: SearchHit[]; total: number } | { status: "error" };

const LISTBOX = "site-search-listbox";
const optionId = (index: number) => `site-search-option-${index}`;

/**
 * The header search box: a plain GET form until hydrated, then a combobox with live results
 * (WAI-ARIA APG, list autocomplete): focus stays in the input, arrows move the active option.
 */
export default function SearchBox({ searchPageUrl }: Props) {
  const [query, setQuery] = useState("");
  const [state, setState] = useState<State>({ status: "idle" });
  const [open, setOpen] = useState(true);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);

  // Words typed while the code was still loading are in the input already: search them.
  useEffect(() => {
    if (input.current?.value) setQuery(input.current.value);
  }, []);

  useEffect(() => {
    setActive(-1);
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

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const hits = state.status === "done" ? state.hits : [];
  const expanded = open && state.status !== "idle";
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    const count = hits.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      if (!expanded) setOpen(true);
      else if (count > 0) setActive(active < 0 && step < 0 ? count - 1 : (active + step + count) % count);
    } else if (event.key === "Enter" && expanded && hits[active]) {
      event.preventDefault();
      location.assign(hits[active].url);
    } else if (event.key === "Escape" && (expanded || query)) {
      // The first Escape closes the results, the second clears the box; only a third is the page's.
      event.preventDefault();
      event.stopPropagation();
      if (expanded) setOpen(false);
      else setQuery("");
      setActive(-1);
    }
  };

  const total = state.status === "done" ? state.total : 0;
  const summary =
    state.status === "error"
      ? "Search is unavailable right now."
      : state.status === "idle"
        ? ""
        : total === 0
          ? "No posts match."
          : `${total} ${total === 1 ? "post" : "posts"} found`;
  return (
    <search
      class="search-box"
      aria-label="Site search"
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <form action={searchPageUrl} method="get">
        <label class="sr-only" for="site-search">
          Search posts
        </label>
        <div class="search-box__field">
          {/* type="text": HTML allows role="combobox" on it, not on type="search". */}
          <input
            ref={input}
            id="site-search"
            class="search-box__input"
            type="text"
            enterkeyhint="search"
            name="q"
            placeholder="Search posts"
            autocomplete="off"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={LISTBOX}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            value={query}
            onInput={(event) => {
              setQuery(event.currentTarget.value);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onFocus={() => setOpen(true)}
          />
          <span class="search-box__key" aria-hidden="true">
            <kbd>/</kbd>
          </span>
        </div>
        <button type="submit" class="sr-only-focusable">
          Search
        </button>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: no interaction of its own; a press on a result keeps the focus in the input (and so the panel open). */}
        <div class="search-box__panel" hidden={!expanded} onMouseDown={(event) => event.preventDefault()}>
          {hits.length === 0 && summary && <p class="search-box__note">{summary}</p>}
          {/* Each option is its result's link: a click, middle click or long press opens it. */}
          <div id={LISTBOX} class="search-box__options" role="listbox" aria-label="Posts">
            {hits.map((hit, index) => (
              <a
                key={hit.url}
                id={optionId(index)}
                class="search-result search-box__option"
                role="option"
                aria-selected={index === active}
                href={hit.url}
                tabIndex={-1}
              >
                <span class="search-result__title">
                  <bdi>{hit.title}</bdi>
                </span>
                {/* Pagefind escapes the excerpt and adds only <mark> around matches. */}
                <span class="search-result__excerpt" dangerouslySetInnerHTML={{ __html: hit.excerpt }} />
              </a>
            ))}
          </div>
          {total > 0 && (
            <a class="search-box__all" href={`${searchPageUrl}?q=${encodeURIComponent(query.trim())}`}>
              See all results and filter by tag →
            </a>
          )}
        </div>
        <p class="sr-only" role="status" aria-live="polite">
          {summary}
        </p>
      </form>
    </search>
  );
}
