/**
 * Where locale modules register their strings. Kept apart from the English text so that a
 * locale's own script-tag file (`dist/locales/es.min.js`) carries only its language.
 *
 * The registry lives on `globalThis` under a registered symbol: the npm build and the
 * self-contained script-tag build then share one registry, whichever loaded a locale.
 */
import type en from './locales/en.js';

/** Every key of the built-in text. */
export type Strings = typeof en;

/** What a locale module registers, or the `strings` property overrides: any subset of keys. */
export type LocaleStrings = Partial<Strings>;

/** Fired on `globalThis` when a locale is registered, so rendered elements can update. */
export const LOCALE_EVENT = 'authsignal-whatsapp-locale';

const registry = ((globalThis as Record<symbol, unknown>)[Symbol.for('authsignal-whatsapp-challenge.locales')] ??=
  {}) as Record<string, LocaleStrings>;

/** Adds or replaces the strings of a language (a BCP 47 tag such as `es` or `pt-BR`). */
export const registerLocale = (lang: string, strings: LocaleStrings): void => {
  registry[lang.toLowerCase()] = strings;
  (globalThis as Partial<EventTarget>).dispatchEvent?.(new Event(LOCALE_EVENT));
};

/**
 * The registered strings that fit `lang` best, by BCP 47 lookup: the tag, then the tag
 * with subtags dropped from the end (`zh-Hant-TW` -> `zh-Hant` -> `zh`), so a script is
 * never swapped for another (`zh-Hant-TW` never gets Simplified). A tag without a script
 * may then take another region of its language (`pt`, `pt-PT` -> `pt-BR`). Else none: English.
 */
export const registeredStrings = (lang: string): LocaleStrings | undefined => {
  const subtags = lang.toLowerCase().split('-');
  for (let n = subtags.length; n; n--) {
    const strings = registry[subtags.slice(0, n).join('-')];
    if (strings) return strings;
  }
  // Another region of the language, but never another script: only between tags without one.
  // The script is the subtag after the language (`zh-Hant`), never an extension's value (`-u-nu-arab`).
  const hasScript = (tag: string[]) => /^[a-z]{4}$/.test(tag[1] ?? '');
  if (!hasScript(subtags)) {
    const key = Object.keys(registry).find((key) => key.startsWith(subtags[0] + '-') && !hasScript(key.split('-')));
    return key ? registry[key] : undefined;
  }
};
