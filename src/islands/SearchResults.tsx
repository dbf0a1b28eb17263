import type { SearchHit } from "#src/islands/search-client.ts";

interface Props {
  hits: SearchHit[];
}

/** The /search/ page's list of results: title, date and tags, highlighted excerpt. */
export default function SearchResults({ hits }: Props) {
  return (
    <ol class="search-results">
      {hits.map((hit) => (
        <li class="search-result" key={hit.url}>
          <a class="search-result__title" href={hit.url}>
            <bdi>{hit.title}</bdi>
          </a>
          {(hit.date || hit.tags.length > 0) && (
            <p class="search-result__meta">
              {hit.date}
              {hit.date && hit.tags.length > 0 ? " · " : ""}
              <bdi>{hit.tags.join(", ")}</bdi>
            </p>
          )}
          {/* Pagefind escapes the excerpt and adds only <mark> around matches. */}
          <p class="search-result__excerpt" dangerouslySetInnerHTML={{ __html: hit.excerpt }} />
        </li>
      ))}
    </ol>
  );
}
