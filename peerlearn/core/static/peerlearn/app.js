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
    // The page's own search box first (people, skills, hub), else the one in the header.
    const search = document.querySelector("main [data-search-shortcut]") || document.querySelector("[data-search-shortcut]");
    if (search instanceof HTMLElement && search.offsetParent !== null) {
      event.preventDefault();
      search.focus();
    }
  });
});

// Skill pickers: with htmx, server suggestions (which know aliases) replace the <datalist>.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  document.querySelectorAll("input[data-suggest]").forEach((input) => input.removeAttribute("list"));
});

// A suggestion fills its picker and gets out of the way.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-fill]") : null;
  if (!button) return;
  const input = document.querySelector(button.getAttribute("data-fill"));
  if (!(input instanceof HTMLInputElement)) return;
  input.value = button.getAttribute("data-value") || "";
  const list = button.closest(".suggestions");
  if (list) list.innerHTML = "";
  input.focus();
  // A live form (the search filters) runs again as if the value had been typed and left.
  input.dispatchEvent(new Event("change", { bubbles: true }));
});

// Disclosure menus (the navigation's groups, the account menu) close on Escape, returning
// focus to their summary, and on a click elsewhere, like the menus people know. On a phone,
// Escape with no group open closes the "Menu" panel and returns focus to its button.
const OPEN_MENUS = "details[open].account-menu, details[open].nav-menu";

function setNavigationOpen(button, open) {
  button.setAttribute("aria-expanded", String(open));
  const panel = document.getElementById(button.getAttribute("aria-controls") || "");
  if (panel) panel.classList.toggle("is-open", open);
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menus = document.querySelectorAll(OPEN_MENUS);
  menus.forEach((menu) => {
    menu.removeAttribute("open");
    const summary = menu.querySelector("summary");
    if (menu.contains(document.activeElement) && summary instanceof HTMLElement) summary.focus();
  });
  if (menus.length) return; // one Escape closes one layer
  const button = document.querySelector('[data-menu-button][aria-expanded="true"]');
  if (button instanceof HTMLElement) {
    setNavigationOpen(button, false);
    button.focus();
  }
});
document.addEventListener("click", (event) => {
  const target = event.target instanceof Node ? event.target : null;
  document.querySelectorAll(OPEN_MENUS).forEach((menu) => {
    if (target && !menu.contains(target)) menu.removeAttribute("open");
  });
  const toggle = target instanceof Element ? target.closest("[data-menu-button]") : null;
  if (toggle) {
    setNavigationOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
    return;
  }
  // A click outside the header closes the phone menu, as it closes a group.
  const open = document.querySelector('[data-menu-button][aria-expanded="true"]');
  if (open && target && !open.closest("header")?.contains(target)) setNavigationOpen(open, false);
});
