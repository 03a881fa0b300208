import { describe, expect, it } from 'vitest';
import { mondayOf, periodBoundsJson, periodOf, studyDateOf, studyDays, studyMonths, studyWeeks } from './progress-periods';

const newYork = { timeZone: 'America/New_York', dayStartHour: 4 };
const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

describe('study periods', () => {
  it('names an instant by its local study day, which changes at the day-start hour', () => {
    const shanghai = { timeZone: 'Asia/Shanghai', dayStartHour: 4 };
    expect(studyDateOf(new Date('2026-11-28T19:30:00Z'), shanghai)).toBe('2026-11-28');
    expect(studyDateOf(new Date('2026-11-28T20:30:00Z'), shanghai)).toBe('2026-11-29');
  });

  it('keeps 04:00 local across DST, so those study days last 23 and 25 hours', () => {
    const spring = studyDays(new Date('2026-03-08T20:00:00Z'), 1, 1, newYork);
    expect(spring.map((d) => d.date)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    // The clocks go forward at 02:00 on 8 March: the study day of the 7th loses the hour.
    expect(spring[1]!.start.toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(spring.map(hours)).toEqual([23, 24, 24]);
    const autumn = periodOf('2026-10-31', 1, newYork);
    expect(autumn.start.toISOString()).toBe('2026-10-31T08:00:00.000Z');
    expect(hours(autumn)).toBe(25);
  });

  it('starts a day when the clock jumps past a skipped hour, and at the first pass of a repeated one', () => {
    expect(periodOf('2026-03-08', 1, { timeZone: 'America/New_York', dayStartHour: 2 }).start.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(periodOf('2026-10-25', 1, { timeZone: 'Europe/Berlin', dayStartHour: 2 }).start.toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });

  it('tiles two years of days without gaps in zones with and without DST, each day naming its own instants', () => {
    for (const timeZone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']) {
      for (const dayStartHour of [0, 2, 4, 23]) {
        const calendar = { timeZone, dayStartHour };
        const days = studyDays(new Date('2026-11-28T12:00:00Z'), 730, 0, calendar);
        days.forEach((day, i) => {
          if (i > 0) expect(day.start.getTime()).toBe(days[i - 1]!.end.getTime());
          expect(studyDateOf(day.start, calendar), `${timeZone} ${dayStartHour} ${day.date}`).toBe(day.date);
          expect(studyDateOf(new Date(day.end.getTime() - 1), calendar), `${timeZone} ${dayStartHour} ${day.date}`).toBe(day.date);
        });
      }
    }
  });

  it('makes Monday-to-Sunday weeks and calendar months ending with the current one', () => {
    const now = new Date('2026-11-28T20:00:00Z');
    expect(mondayOf('2026-11-28')).toBe('2026-11-23');
    expect(studyWeeks(now, 3, newYork).map((w) => [w.date, hours(w)])).toEqual([['2026-11-09', 168], ['2026-11-16', 168], ['2026-11-23', 168]]);
    const months = studyMonths(now, 3, newYork);
    expect(months.map((m) => m.date)).toEqual(['2026-09-01', '2026-10-01', '2026-11-01']);
    expect(months[1]!.end).toEqual(months[2]!.start);
    expect(hours(months[1]!)).toBe(31 * 24 + 1);
  });

  it('writes bounds in the text form SQLite holds DateTime columns in', () => {
    expect(periodBoundsJson([periodOf('2026-11-28', 1, newYork)])).toBe('[["2026-11-28T09:00:00.000+00:00","2026-11-29T09:00:00.000+00:00"]]');
  });
});
