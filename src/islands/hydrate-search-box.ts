/** Loaded on the first interaction with the header search box: hydrates its server-rendered markup. */
import { h, hydrate } from "preact";
import SearchBox from "#src/islands/SearchBox.tsx";

export function hydrateSearchBox(container: HTMLElement): void {
  hydrate(h(SearchBox, JSON.parse(container.dataset.props ?? "{}")), container);
}
