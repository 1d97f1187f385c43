// Two-language text for the SkyGate pages (Vietnamese first, English second).
//
// A message table maps each key to {vi, en}. Elements name their text with
// data-i18n (textContent), data-i18n-label (aria-label), data-i18n-placeholder
// and data-i18n-alt; `{name}` placeholders are filled from `vars`.

export const LANGUAGES = ["vi", "en"];

export function fill(text, vars = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export class I18n {
  constructor(table, lang = "vi") {
    this.table = table;
    this.lang = LANGUAGES.includes(lang) ? lang : "vi";
    this.vars = {};
  }

  /** The text of `key` in the current language; the key itself if missing (visible in tests). */
  t(key, vars = {}) {
    const entry = this.table[key];
    const text = entry ? entry[this.lang] ?? entry.vi : key;
    return fill(text, { ...this.vars, ...vars });
  }

  toggle() {
    this.lang = this.lang === "vi" ? "en" : "vi";
    return this.lang;
  }

  /** Rewrite every tagged element under `root` and the document's language. */
  apply(root = document) {
    document.documentElement.lang = this.lang;
    for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll("[data-i18n-label]")) {
      el.setAttribute("aria-label", this.t(el.dataset.i18nLabel));
    }
    for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
      el.setAttribute("placeholder", this.t(el.dataset.i18nPlaceholder));
    }
    for (const el of root.querySelectorAll("[data-i18n-alt]")) el.setAttribute("alt", this.t(el.dataset.i18nAlt));
  }
}

/** Fetch a JSON message table next to the page. */
export async function loadTable(url) {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`could not load ${url}: ${response.status}`);
  return response.json();
}
