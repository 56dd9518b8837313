import { secondsUntilWindowEnds } from './maintenance-window.js';

const window = { start: 5 * 60, end: 7 * 60 };
const jst = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00+09:00`);

describe('secondsUntilWindowEnds', () => {
  it.each([
    ['04:59', undefined],
    ['05:00', 7200],
    ['06:59', 60],
    ['07:00', undefined],
    ['12:00', undefined],
  ])('at %s JST → %s', (time, expected) => {
    expect(secondsUntilWindowEnds(jst(time), window, 'Asia/Tokyo')).toBe(expected);
  });

  it('handles a window across midnight and a disabled window', () => {
    const overnight = { start: 23 * 60, end: 60 };
    expect(secondsUntilWindowEnds(jst('23:30'), overnight, 'Asia/Tokyo')).toBe(5400);
    expect(secondsUntilWindowEnds(jst('00:30'), overnight, 'Asia/Tokyo')).toBe(1800);
    expect(secondsUntilWindowEnds(jst('01:00'), overnight, 'Asia/Tokyo')).toBeUndefined();
    expect(secondsUntilWindowEnds(jst('05:30'), undefined, 'Asia/Tokyo')).toBeUndefined();
  });
});
