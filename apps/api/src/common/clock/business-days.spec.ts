import { describe, expect, it } from '@jest/globals';
import { businessDateOf, daysInclusive, isCalendarDate, nextDate, startOfBusinessDay } from './business-days.js';

describe('business days', () => {
  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2026-11-25')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '20261125', '2026-11-25T00:00', '', '1999-12-31']) expect(isCalendarDate(bad)).toBe(false);
  });

  it('a Tokyo day starts at 15:00 UTC the day before', () => {
    expect(startOfBusinessDay('2026-11-25', 'Asia/Tokyo').toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(businessDateOf(new Date('2026-11-24T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-11-24');
    expect(businessDateOf(new Date('2026-11-24T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-11-25');
  });

  it('follows daylight saving where a zone has it', () => {
    expect(startOfBusinessDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfBusinessDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('gives the day Intl gives for every minute, in zones with quarter-hour offsets and across daylight saving', () => {
    const fresh = (instant: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
    const zones = { 'Asia/Kathmandu': '2026-11-24T00:00:00Z', 'Australia/Eucla': '2026-11-24T00:00:00Z', 'America/New_York': '2026-03-07T00:00:00Z' };
    for (const [timeZone, from] of Object.entries(zones)) {
      const mismatches: string[] = [];
      // minute by minute over three days, in a shuffled order so no answer is only ever asked after its neighbour
      const minutes = Array.from({ length: 3 * 1440 }, (_, i) => (i * 997) % (3 * 1440));
      for (const minute of minutes) {
        const instant = new Date(Date.parse(from) + minute * 60_000 + 59_999);
        if (businessDateOf(instant, timeZone) !== fresh(instant, timeZone)) mismatches.push(instant.toISOString());
      }
      expect({ timeZone, mismatches }).toEqual({ timeZone, mismatches: [] });
    }
  });

  it('counts and steps days across month ends', () => {
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
    expect(daysInclusive('2026-11-25', '2026-11-25')).toBe(1);
    expect(daysInclusive('2026-11-01', '2026-12-01')).toBe(31);
  });
});
