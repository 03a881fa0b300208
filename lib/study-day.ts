import { TZDate } from '@date-fns/tz';
import { addDays, set, startOfDay } from 'date-fns';

/**
 * The start of the study day that contains `now`: `dayStartHour` o'clock on the local wall clock of
 * `timeZone` (also on DST days), so a review at 01:00 with a 04:00 rollover counts for the day before.
 */
export function studyDayStart(now: Date, timeZone: string, dayStartHour: number): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const atHour = (day: TZDate) => set(startOfDay(day), { hours: dayStartHour });
  let start = atHour(local);
  if (start.getTime() > now.getTime()) start = atHour(addDays(local, -1));
  return new Date(start.getTime());
}

/** The start of the next study day after `now`. */
export function nextStudyDayStart(now: Date, timeZone: string, dayStartHour: number): Date {
  const start = new TZDate(studyDayStart(now, timeZone, dayStartHour).getTime(), timeZone);
  return new Date(set(startOfDay(addDays(start, 1)), { hours: dayStartHour }).getTime());
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
