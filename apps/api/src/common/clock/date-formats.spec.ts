import { dateParts, dateTimeFormat } from './date-formats.js';

describe('date formats', () => {
  it('builds a format once per locale and options', () => {
    const options = { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' } as const;
    expect(dateTimeFormat('en-GB', { ...options })).toBe(dateTimeFormat('en-GB', { ...options }));
    expect(dateTimeFormat('en-GB', options)).not.toBe(dateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }));
    expect(dateTimeFormat('en-GB', options)).not.toBe(dateTimeFormat('ja-JP', options));
  });

  it('reads the parts of an instant in the zone asked for', () => {
    const instant = new Date('2026-12-01T15:30:00Z'); // 2026-12-02 00:30 in Tokyo
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' } as const;
    expect(dateParts(instant, 'en-GB', { ...options, timeZone: 'Asia/Tokyo' })).toMatchObject({ year: '2026', month: '12', day: '02', hour: '00' });
    expect(dateParts(instant, 'en-GB', { ...options, timeZone: 'UTC' })).toMatchObject({ year: '2026', month: '12', day: '01', hour: '15' });
  });
});
