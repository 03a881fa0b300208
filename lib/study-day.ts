import { TZDate } from '@date-fns/tz';
import { addDays, set, startOfDay } from 'date-fns';

interface StudyDay {
  readonly start: number;
  readonly end: number;
}

/** The study day last computed for each time zone and day-start hour. */
const lastDays = new Map<string, StudyDay>();

/**
 * The study day that contains `now`: from `dayStartHour` o'clock on the local wall clock of `timeZone` (also on
 * DST days) to that hour of the next local day. NOTE: the day of the zone's previous call is kept and serves
 * every instant inside it (the wall-clock arithmetic costs ≈ 0.1 ms, and a request asks for the same day
 * several times).
 */
function studyDay(now: Date, timeZone: string, dayStartHour: number): StudyDay {
  const key = `${dayStartHour} ${timeZone}`;
  const at = now.getTime();
  const last = lastDays.get(key);
  if (last && last.start <= at && at < last.end) return last;
  const local = new TZDate(at, timeZone);
  const atHour = (day: TZDate) => set(startOfDay(day), { hours: dayStartHour });
  let start = atHour(local);
  if (start.getTime() > at) start = atHour(addDays(local, -1));
  const day = { start: start.getTime(), end: set(startOfDay(addDays(start, 1)), { hours: dayStartHour }).getTime() };
  if (lastDays.size >= 1000) lastDays.clear();
  lastDays.set(key, day);
  return day;
}

/**
 * The start of the study day that contains `now`: `dayStartHour` o'clock on the local wall clock of
 * `timeZone` (also on DST days), so a review at 01:00 with a 04:00 rollover counts for the day before.
 */
export function studyDayStart(now: Date, timeZone: string, dayStartHour: number): Date {
  return new Date(studyDay(now, timeZone, dayStartHour).start);
}

/** The start of the next study day after `now`. */
export function nextStudyDayStart(now: Date, timeZone: string, dayStartHour: number): Date {
  return new Date(studyDay(now, timeZone, dayStartHour).end);
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
