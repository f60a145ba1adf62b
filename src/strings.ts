/**
 * The element's text: English built in, other languages registered by modules of their
 * own (`locales/*.ts`, see locale-registry.ts), so a site pays only for what it loads.
 */
import en from './locales/en.js';
import { registeredStrings, type LocaleStrings, type Strings } from './locale-registry.js';

export type { LocaleStrings, Strings };

/**
 * The text for `lang`: overrides, then the registered locale, then English for any gap,
 * key by key and, in the plural table, form by form (`{ seconds: { one: '# sec' } }` keeps
 * the other forms).
 */
export const stringsFor = (lang: string, overrides?: LocaleStrings): Strings => {
  const locale = registeredStrings(lang);
  // `strings={{ send: props.label }}` with no label: an override that is no text keeps the
  // built-in one (an empty button name, or an empty validation message, which ElementInternals refuses).
  const given: LocaleStrings = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value));
  return {
    ...en,
    ...locale,
    ...given,
    seconds: { ...en.seconds, ...locale?.seconds, ...given.seconds },
    minutes: { ...en.minutes, ...locale?.minutes, ...given.minutes },
  };
};

/** `lang` as a canonical BCP 47 tag, or `en` when it is not one (Intl would throw). */
export const canonicalLang = (lang: string | null | undefined): string => {
  try {
    return Intl.getCanonicalLocales(lang || 'en')[0]!;
  } catch {
    return 'en';
  }
};

/** Replaces `{name}` placeholders. */
export const format = (template: string, values: Record<string, string | number>): string =>
  String(template).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

/** A number with its plural form in `lang`, e.g. "1 second", "5 segundos", "٥ ثوانٍ". */
export const plural = (forms: Record<string, string>, n: number, lang: string): string =>
  String(forms[new Intl.PluralRules(lang).select(n)] ?? forms.other).replace('#', new Intl.NumberFormat(lang).format(n));
