/**
 * Text written once: a template per language with `{{name}}` slots, filled from one values object
 * (the same slot syntax as question files). The values carry the mathematics — TeX computed once
 * for both languages — so a prompt or a worked step cannot say one thing in English and another in
 * Chinese; a template checks at definition that both languages use the same slots.
 *
 * A value is TeX or a number (the same in both languages), a `Bilingual` (a word or list whose
 * wording differs: its own language's text is inserted as is), or another `Template` (a clause
 * whose wording differs and that has slots of its own, filled from the same values).
 */
import { ContentError } from './errors';
import { numberedSteps } from './format';
import type { Bilingual, Lang } from './i18n';

const BRAND: unique symbol = Symbol('template');

/** A text in both languages with `{{name}}` slots. Make one with `template(en, zh)`. */
export interface Template extends Bilingual {
  readonly [BRAND]: true;
}

export type TextValue = string | number | bigint | Bilingual | Template;
export type TextValues = { readonly [name: string]: TextValue };

const SLOT = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

const slotsOf = (text: string): Set<string> => new Set([...text.matchAll(SLOT)].map((m) => m[1] as string));

/**
 * A template; both languages must use the same slots (ContentError otherwise).
 *
 * @example
 * const ratio = template('Ratio: ${{r}}$.', '比值：${{r}}$。');
 * fill(ratio, { r: '\\frac{1}{2}' }, 'zh')  // '比值：$\frac{1}{2}$。'
 */
export function template(en: string, zh: string): Template {
  const a = slotsOf(en);
  const b = slotsOf(zh);
  const missing = [...[...a].filter((s) => !b.has(s)).map((s) => `zh lacks {{${s}}}`), ...[...b].filter((s) => !a.has(s)).map((s) => `en lacks {{${s}}}`)];
  if (missing.length > 0) throw new ContentError(`template slots differ between languages: ${missing.join(', ')} in ${JSON.stringify(en.slice(0, 60))}`);
  return Object.freeze({ en, zh, [BRAND]: true as const });
}

const isTemplate = (v: TextValue): v is Template => typeof v === 'object' && BRAND in v;

/**
 * The template in one language with its slots filled; a slot with no value is a ContentError.
 *
 * @example
 * fill(template('$n = {{n}}$', '$n = {{n}}$'), { n: 12 }, 'en')  // '$n = 12$'
 */
export function fill(text: Template, values: TextValues, lang: Lang): string {
  return text[lang].replace(SLOT, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new ContentError(`text slot {{${name}}} has no value`);
    const value = values[name] as TextValue;
    if (isTemplate(value)) return fill(value, values, lang);
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

/** A line of a worked solution: a template, TeX that reads the same in both languages, or nothing (left out). */
export type StepLine = Template | string | null | undefined | false;

/**
 * Worked-solution lines filled from one values object, as a numbered Markdown list; a plain string
 * line is filled the same in both languages, absent lines are left out.
 *
 * @example
 * fillSteps([template('$a = {{a}}$.', '$a = {{a}}$。'), '$$b = {{b}}$$'], { a: 1, b: 2 }, 'en')  // '1. $a = 1$.\n2. $$b = 2$$'
 */
export function fillSteps(lines: readonly StepLine[], values: TextValues, lang: Lang): string {
  const present = lines.filter((line): line is Template | string => typeof line === 'string' || (typeof line === 'object' && line !== null));
  return numberedSteps(present.map((line) => fill(typeof line === 'string' ? template(line, line) : line, values, lang)));
}
