import { TZDate } from '@date-fns/tz';
import { addDays, set, startOfDay } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { Rng } from '@/engine/rng';
import { isTimeZone, nextStudyDayStart, studyDayStart } from './study-day';

/** The study day's start by its definition, computed afresh for every instant. */
function plainStart(now: Date, timeZone: string, hour: number): number {
  const local = new TZDate(now.getTime(), timeZone);
  const atHour = (day: TZDate) => set(startOfDay(day), { hours: hour });
  const start = atHour(local);
  return (start.getTime() > now.getTime() ? atHour(addDays(local, -1)) : start).getTime();
}

describe('studyDayStart', () => {
  it('rolls the day over at the configured hour in UTC', () => {
    expect(studyDayStart(new Date('2026-11-28T05:00:00Z'), 'UTC', 4).toISOString()).toBe('2026-11-28T04:00:00.000Z');
    expect(studyDayStart(new Date('2026-11-28T03:59:00Z'), 'UTC', 4).toISOString()).toBe('2026-11-27T04:00:00.000Z');
  });

  it('uses the learner time zone', () => {
    // 02:00 UTC is 10:00 in Shanghai: the day began at 04:00 local = 20:00 UTC the day before.
    expect(studyDayStart(new Date('2026-11-28T02:00:00Z'), 'Asia/Shanghai', 4).toISOString()).toBe('2026-11-27T20:00:00.000Z');
    expect(nextStudyDayStart(new Date('2026-11-28T02:00:00Z'), 'Asia/Shanghai', 4).toISOString()).toBe('2026-11-28T20:00:00.000Z');
  });

  it('keeps the local hour across a DST change', () => {
    // Europe/Berlin leaves summer time on 2026-10-25: 04:00 local is 02:00 UTC before, 03:00 UTC after.
    expect(studyDayStart(new Date('2026-10-24T12:00:00Z'), 'Europe/Berlin', 4).toISOString()).toBe('2026-10-24T02:00:00.000Z');
    expect(nextStudyDayStart(new Date('2026-10-24T12:00:00Z'), 'Europe/Berlin', 4).toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('starts the day on the DST day itself at the local hour (regression: counted hours from midnight)', () => {
    // 2026-10-25 in Berlin: 04:00 local is after the 03:00 CEST → 02:00 CET change, i.e. 03:00 UTC.
    expect(studyDayStart(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin', 4).toISOString()).toBe('2026-10-25T03:00:00.000Z');
    // 2026-03-29: clocks jump 02:00 → 03:00; 04:00 CEST is 02:00 UTC.
    expect(studyDayStart(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin', 4).toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(nextStudyDayStart(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin', 4).toISOString()).toBe('2026-03-29T02:00:00.000Z');
  });

  it('gives every instant the day its definition gives, in any order of calls, across DST changes in many zones', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];
    const rng = Rng.fromSeed(20261207);
    const from = Date.parse('2026-01-01T00:00:00Z');
    const checked = { instants: 0 };
    // In time order (the kept day serves the next instants), then at random (each call may replace it).
    const ordered = Array.from({ length: 4000 }, (_, i) => from + i * 131 * 60_000);
    const random = Array.from({ length: 4000 }, () => from + rng.int(0, 366 * 24 * 60) * 60_000);
    for (const instants of [ordered, random]) {
      for (const at of instants) {
        const zone = zones[rng.int(0, zones.length - 1)]!;
        const hour = rng.int(0, 6);
        const now = new Date(at);
        const start = studyDayStart(now, zone, hour).getTime();
        const end = nextStudyDayStart(now, zone, hour).getTime();
        expect(start, `${zone} ${hour} ${now.toISOString()}`).toBe(plainStart(now, zone, hour));
        expect(end, `${zone} ${hour} ${now.toISOString()}`).toBe(plainStart(new Date(end), zone, hour));
        expect(start <= at && at < end).toBe(true);
        checked.instants++;
      }
    }
    expect(checked.instants).toBe(8000);
  });

  it('knows real time zones only', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
