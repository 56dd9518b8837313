/**
 * Daily maintenance window (05:00–07:00 Asia/Tokyo by default). Pure, so it is tested with any clock.
 * Returns the seconds until the window ends when `now` is inside it, otherwise undefined.
 */
import { dateParts } from '../../common/clock/date-formats.js';

export function secondsUntilWindowEnds(
  now: Date,
  window: { start: number; end: number } | undefined,
  timeZone: string,
): number | undefined {
  if (!window) return undefined;
  const parts = dateParts(now, 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const get = (type: 'hour' | 'minute' | 'second') => Number(parts[type] ?? 0);
  const secondOfDay = get('hour') * 3600 + get('minute') * 60 + get('second');
  const start = window.start * 60;
  const end = window.end * 60;
  const inside = start <= end ? secondOfDay >= start && secondOfDay < end : secondOfDay >= start || secondOfDay < end;
  if (!inside) return undefined;
  return (end - secondOfDay + 86_400) % 86_400 || 86_400;
}
