import type { SearchHit } from "./search-client.ts";

interface Props {
  hits: SearchHit[];
  compact?: boolean;
}

/** A list of search results: title, highlighted excerpt, and (unless compact) date and tags. */
export default function SearchResults({ hits, compact = false }: Props) {
  return (
    <ol class="search-results">
      {hits.map((hit) => (
        <li class="search-result" key={hit.url}>
          <a class="search-result__title" href={hit.url}>
            {hit.title}
          </a>
          {!compact && (hit.date || hit.tags.length > 0) && (
            <p class="search-result__meta">
              {hit.date}
              {hit.date && hit.tags.length > 0 ? " · " : ""}
              {hit.tags.join(", ")}
            </p>
          )}
          {/* Pagefind escapes the excerpt and adds only <mark> around matches. */}
          <p class="search-result__excerpt" dangerouslySetInnerHTML={{ __html: hit.excerpt }} />
        </li>
      ))}
    </ol>
  );
}
