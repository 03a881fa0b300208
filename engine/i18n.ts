/** The two languages of the app. */
export type Lang = 'en' | 'zh';

/** A text in both languages. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export const bi = (en: string, zh: string): Bilingual => ({ en, zh });

/** Same text in both languages (formulas, numbers). */
export const same = (text: string): Bilingual => ({ en: text, zh: text });

export function pick(text: Bilingual, lang: Lang): string {
  return lang === 'zh' ? text.zh : text.en;
}

/** Parses an optional language argument; anything but 'zh' is English. */
export function asLang(value: unknown): Lang {
  return value === 'zh' ? 'zh' : 'en';
}
