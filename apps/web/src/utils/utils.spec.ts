import { describe, expect, it } from '@jest/globals';
import { readCookie } from './cookies';
import { caretAfterDigits, formatDate, formatDateTime, formatDateTimeSeconds, groupCardNumber, linkify } from './format';
import { loginIdFromFragment, tokenFromFragment } from './fragment';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it.each([
    ['/member/enrollment', '/member/enrollment'],
    ['/member?x=1#y', '/member?x=1#y'],
  ])('keeps the in-app path %s', (value, expected) => {
    expect(safeRedirect(value, '/member')).toBe(expected);
  });

  it.each([['//evil.example/x'], ['/\\evil.example'], ['https://evil.example/'], ['javascript:alert(1)'], ['member'], [undefined], [42], ['/a\nb']])(
    'refuses %p (open redirect) and uses the fallback',
    (value) => {
      expect(safeRedirect(value, '/member')).toBe('/member');
    },
  );

  it('takes the first value of a repeated query parameter', () => {
    expect(safeRedirect(['/member/settings', '//evil'], '/member')).toBe('/member/settings');
  });
});

describe('loginIdFromFragment', () => {
  it('reads the login ID the setup link carries, and nothing odd', () => {
    expect(loginIdFromFragment('#token=abcdefghijklmnop&id=CW12345678')).toBe('CW12345678');
    expect(loginIdFromFragment('#token=abcdefghijklmnop')).toBeNull();
    expect(loginIdFromFragment('#token=x&id=<script>')).toBeNull();
  });
});

describe('tokenFromFragment', () => {
  it('reads the token from #token=…', () => {
    expect(tokenFromFragment('#token=abcdefghijklmnop_QRST-123')).toBe('abcdefghijklmnop_QRST-123');
  });

  it.each(['', '#', '#token=', '#token=short', '#other=abcdefghijklmnopqrst', '#token=has space in it!!!!'])('gives null for %p', (hash) => {
    expect(tokenFromFragment(hash)).toBeNull();
  });
});

describe('readCookie', () => {
  it('finds plain and __Host- prefixed cookies and decodes them', () => {
    expect(readCookie('corpweb_csrf', 'a=1; corpweb_csrf=abc%3D')).toBe('abc=');
    expect(readCookie('corpweb_csrf', '__Host-corpweb_csrf=xyz')).toBe('xyz');
    expect(readCookie('corpweb_csrf', 'corpweb_csrf_other=1')).toBeUndefined();
    expect(readCookie('corpweb_staff_csrf', 'corpweb_csrf=member')).toBeUndefined();
  });
});

describe('card number grouping', () => {
  it('groups digits 4-4-4-4 as printed and drops everything else', () => {
    expect(groupCardNumber('3540123412341234')).toBe('3540 1234 1234 1234');
    expect(groupCardNumber('3540-1234 12')).toBe('3540 1234 12');
    expect(groupCardNumber('３５４０１２')).toBe('3540 12');
    expect(groupCardNumber('35401234123412341234567')).toBe('3540 1234 1234 1234 123');
  });

  it('puts the caret after the same number of digits', () => {
    expect(caretAfterDigits('3540 1234 12', 4)).toBe(4);
    expect(caretAfterDigits('3540 1234 12', 5)).toBe(6);
    expect(caretAfterDigits('3540 1234 12', 0)).toBe(0);
    expect(caretAfterDigits('3540', 9)).toBe(4);
  });
});

describe('dates', () => {
  it('shows times in Asia/Tokyo whatever the browser zone', () => {
    expect(formatDateTime('2026-04-01T15:30:00Z', 'ja')).toBe('2026/04/02 00:30');
    expect(formatDateTime('2026-04-01T15:30:00Z', 'en')).toBe('02/04/2026, 00:30');
    expect(formatDateTime(undefined, 'ja')).toBe('');
  });

  it('formats an ISO date as a calendar date', () => {
    expect(formatDate('2026-04-01', 'ja')).toBe('2026年4月1日');
  });

  it('keeps each shape and locale apart while reusing its formatter', () => {
    // interleaved, so a formatter remembered under the wrong key would show here
    for (let i = 0; i < 2; i += 1) {
      expect(formatDateTimeSeconds('2026-04-01T15:30:09Z', 'ja')).toBe('2026/04/02 00:30:09');
      expect(formatDateTime('2026-04-01T15:30:09Z', 'ja')).toBe('2026/04/02 00:30');
      expect(formatDate('2026-04-01', 'en')).toBe('1 April 2026');
      expect(formatDate('2026-04-01', 'ja')).toBe('2026年4月1日');
      expect(formatDateTime('2026-04-01T15:30:09Z', 'en')).toBe('02/04/2026, 00:30');
    }
  });
});

describe('linkify', () => {
  it('splits text and links', () => {
    expect(linkify('設定:\n  http://localhost:3000/password-setup#token=abc\n以上')).toEqual([
      { text: '設定:\n  ' },
      { text: 'http://localhost:3000/password-setup#token=abc', href: 'http://localhost:3000/password-setup#token=abc' },
      { text: '\n以上' },
    ]);
  });
});
