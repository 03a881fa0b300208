import type { Lang } from '@/lib/accounts';
import { t, type MessageKey } from '@/lib/i18n';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

// NOTE: making an Intl.DateTimeFormat costs ≈ 50 µs and a chart labels hundreds of dates; a formatter is a
// pure function of its locale and options, so each process keeps the ones it has made (bounded).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locales: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locales} ${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locales, options);
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(key, made);
  }
  return made;
}

/** A share (0..1) as a whole percentage, or '—' when there is none. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** A study date (YYYY-MM-DD) as a short day, e.g. "Nov 28" / "11月28日". */
export function shortDate(date: string, lang: Lang): string {
  return formatter(locale(lang), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** A study date (YYYY-MM-DD) as its month, e.g. "Nov 2026" / "2026年11月". */
export function monthName(date: string, lang: Lang, style: 'short' | 'long' = 'long'): string {
  const options: Intl.DateTimeFormatOptions = style === 'long' ? { year: 'numeric', month: 'short' } : { month: 'short' };
  return formatter(locale(lang), { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant in the learner's time zone, short: "Nov 28, 21:05", with the year when it is not this year's. */
export function dateTime(instant: Date, lang: Lang, timeZone: string, now: Date = new Date()): string {
  const year = (d: Date) => formatter('en', { year: 'numeric', timeZone }).format(d);
  return formatter(locale(lang), {
    ...(year(instant) === year(now) ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(instant);
}

const stateKey: Record<string, MessageKey> = { new: 'stateNew', learning: 'stateLearning', review: 'stateReview', relearning: 'stateRelearning' };

/** A card state (new, learning, review, relearning) in the learner's language. */
export function stateLabel(state: string, lang: Lang): string {
  return t(lang, stateKey[state] ?? 'stateNew');
}

/** A number of days: "1 day", "5 days", "5 天". */
export function dayCount(days: number, lang: Lang): string {
  return `${days} ${t(lang, days === 1 ? 'day' : 'days')}`;
}
