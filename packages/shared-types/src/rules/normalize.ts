// Japanese input normalisation: people type full-width digits and hyphens from an IME, so every rule accepts them.

/** ASCII/full-width spaces and the hyphen look-alikes an IME produces (－, ー, ‐, −, …). */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\uFF0D\u30FC\uFF70]/g;

/** `０１２` → `012`; every other character is left as it is. */
export function toAsciiDigits(input: string): string {
  return input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** Full-width digits to ASCII, then spaces and hyphens removed. */
export function stripSeparators(input: string): string {
  return toAsciiDigits(input).replace(SEPARATORS, '');
}
