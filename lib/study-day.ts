import { TZDate } from '@date-fns/tz';
import { addDays, addHours, startOfDay } from 'date-fns';

/**
 * The start of the study day that contains `now`: `dayStartHour` o'clock in `timeZone`, so a review at
 * 01:00 with a 04:00 rollover still counts for the day before.
 */
export function studyDayStart(now: Date, timeZone: string, dayStartHour: number): Date {
  const local = new TZDate(now.getTime(), timeZone);
  let start = addHours(startOfDay(local), dayStartHour);
  if (start.getTime() > now.getTime()) start = addDays(start, -1);
  return new Date(start.getTime());
}

/** The start of the next study day after `now`. */
export function nextStudyDayStart(now: Date, timeZone: string, dayStartHour: number): Date {
  const start = new TZDate(studyDayStart(now, timeZone, dayStartHour).getTime(), timeZone);
  return new Date(addDays(start, 1).getTime());
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
