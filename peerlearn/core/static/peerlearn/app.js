// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // GOV.UK pattern: move focus to the error summary so screen readers announce it.
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
  // "/" focuses the page's search box, as in GitHub and Linear.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
    const search = document.querySelector("[data-search-shortcut]");
    if (search instanceof HTMLElement) {
      event.preventDefault();
      search.focus();
    }
  });
});
