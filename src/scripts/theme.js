((d, root, key) => {
  const system = matchMedia("(prefers-color-scheme: dark)");
  const stored = () => {
    try {
      const theme = localStorage.getItem(key);
      return theme === "light" || theme === "dark" ? theme : "";
    } catch {
      return "";
    }
  };
  const apply = () => {
    const theme = stored();
    const dark = theme ? theme === "dark" : system.matches;
    if (theme) root.dataset.theme = theme;
    else delete root.dataset.theme;
    for (const toggle of d.querySelectorAll("[data-theme-toggle]")) toggle.setAttribute("aria-pressed", String(dark));
    const media = theme ? (dark ? "all" : "not all") : "(prefers-color-scheme: dark)";
    for (const source of d.querySelectorAll("source[data-theme-media]")) source.media = media;
    return dark;
  };
  root.classList.add("js");
  apply();
  d.addEventListener("DOMContentLoaded", apply);
  system.addEventListener("change", apply);
  d.addEventListener("click", (event) => {
    if (!event.target.closest?.("[data-theme-toggle]")) return;
    const next = apply() ? "light" : "dark";
    try {
      localStorage.setItem(key, next);
      apply();
    } catch {
      root.dataset.theme = next;
    }
  });
})(document, document.documentElement, "theme");
