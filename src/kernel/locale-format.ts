/**
 * Numbers, percentages, dates and plurals as each language writes them,
 * through Intl: `64,2 %` and `1 hallazgo` in Spanish, `64.2%` and
 * `1 finding` in English. Renderers and CLI messages that count things
 * format through here.
 */

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function numberFormat(lang: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${lang}|${key}`;
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    numberFormats.set(id, format);
  }
  return format;
}

/** A percentage given on the 0–100 scale, with `digits` decimals: `64.2%`, `64,2 %`; `none` for null. */
export function formatPercent(value: number | null | undefined, lang: string, digits = 1, none = '–'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return none;
  return numberFormat(lang, `pct${digits}`, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value / 100);
}

/** A number with exactly `digits` decimals (`2.5`, `2,5`); `none` for null. */
export function formatNumber(value: number | null | undefined, lang: string, digits = 1, none = '–'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return none;
  return numberFormat(lang, `num${digits}`, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A count (`1,503` in English, `1503` in Spanish, as each language groups). */
export function formatCount(value: number, lang: string): string {
  return numberFormat(lang, 'count', { maximumFractionDigits: 0 }).format(value);
}

/** A date (ISO string or Date) written out in the language: `2 December 2026`, `2 de diciembre de 2026`. */
export function formatDate(value: string | Date, lang: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** The word for `count` things: `forms.one` or `forms.other` as the language's plural rules choose. */
export function plural(count: number, lang: string, forms: { readonly one: string; readonly other: string }): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count) === 'one' ? forms.one : forms.other;
}

/** `count` and its word: `1 finding`, `3 findings`, `1 hallazgo`. */
export function counted(count: number, lang: string, forms: { readonly one: string; readonly other: string }): string {
  return `${formatCount(count, lang)} ${plural(count, lang, forms)}`;
}
