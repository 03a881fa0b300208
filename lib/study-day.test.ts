import { describe, expect, it } from 'vitest';
import { isTimeZone, nextStudyDayStart, studyDayStart } from './study-day';

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

  it('knows real time zones only', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
