// 法人番号 (Japanese corporate number): 13 digits, the leading digit checks the 12-digit base number (NTA formula).

/**
 * National Tax Agency formula: check = 9 − (Σ Pn × Qn mod 9), where Pn is the base digit at position n
 * counted from the right (n = 1…12) and Qn is 1 for odd n, 2 for even n. The result is always 1–9.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new RangeError('a corporate number base is 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(s: string): boolean {
  if (!/^\d{13}$/.test(s)) return false;
  return Number(s[0]) === corporateNumberCheckDigit(s.slice(1));
}
