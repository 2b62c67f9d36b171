// A search box with a list of results, as the WAI-ARIA combobox pattern describes: type to search,
// arrow keys to move, Enter to pick, Escape to close; a click or tap picks too.
import { el } from "./format.js";
import { t } from "./i18n.js";

const DEBOUNCE_MS = 150;

export function combobox({ input, list, status, search, describe, pick, noun, onError }) {
  let timer = 0, controller = null, items = [], active = -1;

  const close = () => {
    list.hidden = true;
    status.classList.remove("error");
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (index) => {
    const item = items[index];
    if (!item) return;
    clearTimeout(timer);
    controller?.abort();
    close();
    input.value = describe(item).title;
    pick(item);
  };
  const highlight = (index) => {
    active = (index + items.length) % items.length;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", list.children[active].id);
    list.children[active].scrollIntoView({ block: "nearest" });
  };
  const show = (found) => {
    items = found;
    list.replaceChildren(...found.map((item, index) => {
      const { title, detail } = describe(item);
      const li = el("li", { id: `${list.id}-${index}`, role: "option", "aria-selected": "false" },
        title, detail ? el("small", {}, detail) : null);
      li.addEventListener("mousedown", (event) => event.preventDefault());
      li.addEventListener("click", () => choose(index));
      return li;
    }));
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", String(found.length > 0));
    status.textContent = found.length
      ? t(found.length === 1 ? `search.${noun}.one` : `search.${noun}.many`, { count: found.length })
      : t(`search.${noun}.none`);
  };
  const run = async () => {
    const text = input.value.trim();
    controller?.abort();
    if (text.length < 2) { close(); status.textContent = ""; return; }
    controller = new AbortController();
    try {
      show(await search(text, controller.signal));
    } catch (error) {
      if (error.name !== "AbortError") { close(); onError(error); }
    }
  };

  input.addEventListener("input", () => {
    // Old results must not be picked while the new search runs.
    items = [];
    close();
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(active + 1);
    }
    else if (event.key === "ArrowUp" && items.length) { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter" && !list.hidden && items.length) { event.preventDefault(); choose(Math.max(active, 0)); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}
