/** Display formats. Times are shown in the issuer's business time zone (Asia/Tokyo), whatever the browser's. */
const TIME_ZONE = 'Asia/Tokyo';

export function formatDateTime(iso: string | undefined | null, locale: string): string {
  return formatInstant(iso, locale, false);
}

/**
 * One formatter per locale and shape: building an Intl.DateTimeFormat with a time zone costs about 100 µs (the
 * API measured it), formatting with a built one a few; a list calls these once per row.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(shape: 'minutes' | 'seconds' | 'date', locale: string): Intl.DateTimeFormat {
  const key = `${shape}:${locale}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const fields: Intl.DateTimeFormatOptions = shape === 'date'
      ? { year: 'numeric', month: 'long', day: 'numeric' }
      : { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(shape === 'seconds' ? { second: '2-digit' as const } : {}) };
    formatter = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ja-JP', { timeZone: TIME_ZONE, ...fields });
    formatters.set(key, formatter);
  }
  return formatter;
}

function formatInstant(iso: string | undefined | null, locale: string, withSeconds: boolean): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatterFor(withSeconds ? 'seconds' : 'minutes', locale).format(date);
}

export function formatDate(isoDate: string | undefined | null, locale: string): string {
  if (!isoDate) return '';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T00:00:00+09:00` : isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  return formatterFor('date', locale).format(date);
}

/** Groups digits 4-4-4-4(-3) as a card number is printed; anything but digits is dropped. */
export function groupCardNumber(input: string): string {
  const digits = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\D/g, '').slice(0, 19);
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Where the caret belongs after regrouping: after the same number of digits as before. */
export function caretAfterDigits(grouped: string, digitsBefore: number): number {
  if (digitsBefore <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < grouped.length; i++) {
    if (/\d/.test(grouped[i] ?? '')) seen++;
    if (seen === digitsBefore) return i + 1;
  }
  return grouped.length;
}

/** Splits message text into plain parts and http(s) links, for the dev outbox. */
export function linkify(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'」）)]+/g)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** With seconds, for the audit log: the order of events within a minute matters when reading an incident. */
export function formatDateTimeSeconds(iso: string | undefined | null, locale: string): string {
  return formatInstant(iso, locale, true);
}
