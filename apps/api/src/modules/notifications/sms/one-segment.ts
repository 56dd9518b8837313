/**
 * An SMS must arrive as one segment: 160 characters when every character is in the GSM 7-bit alphabet (the
 * extension table's characters count twice), 70 otherwise (UCS-2, which any Japanese character forces).
 * The merchant name is the one part of unbounded width a message carries, so it is shortened to fit.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** How much of its one segment a text uses: `units` out of `limit`. */
export function segmentUse(text: string): { units: number; limit: number } {
  const chars = [...text];
  if (chars.every((char) => GSM_BASIC.has(char) || GSM_EXTENDED.has(char))) {
    return { units: chars.reduce((sum, char) => sum + (GSM_EXTENDED.has(char) ? 2 : 1), 0), limit: 160 };
  }
  // UCS-2 counts UTF-16 code units, so a character outside the BMP takes two
  return { units: text.length, limit: 70 };
}

export function fitsOneSegment(text: string): boolean {
  const { units, limit } = segmentUse(text);
  return units <= limit;
}

/**
 * The first wording (longest first) that fits with the whole merchant name; else the last wording with the name
 * cut as little as it takes, marked with `ellipsis`.
 */
export function withMerchantName(wordings: ((merchantName: string) => string)[], merchantName: string, ellipsis: string): string {
  const name = merchantName.trim();
  for (const wording of wordings) {
    const text = wording(name);
    if (fitsOneSegment(text)) return text;
  }
  const shortest = wordings.at(-1)!;
  const chars = [...name];
  for (let keep = chars.length - 1; keep > 0; keep -= 1) {
    const text = shortest(`${chars.slice(0, keep).join('').trimEnd()}${ellipsis}`);
    if (fitsOneSegment(text)) return text;
  }
  return shortest(ellipsis);
}
