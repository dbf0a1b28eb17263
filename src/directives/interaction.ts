/**
 * `client:interaction`: hydrates an island the first time the reader reaches for
 * it (focus or pointer), never on page load. `client:interaction="q"` also
 * hydrates at once when the page URL carries that query parameter (a search
 * page opened with ?q=…).
 */
import type { ClientDirective } from "astro";

const interaction: ClientDirective = (load, options, el) => {
  let hydrated = false;
  const hydrate = async () => {
    if (hydrated) return;
    hydrated = true;
    el.removeEventListener("focusin", hydrate);
    el.removeEventListener("pointerdown", hydrate);
    await (await load())();
  };
  if (typeof options.value === "string" && new URLSearchParams(location.search).has(options.value)) {
    void hydrate();
    return;
  }
  el.addEventListener("focusin", hydrate);
  el.addEventListener("pointerdown", hydrate);
};

export default interaction;
