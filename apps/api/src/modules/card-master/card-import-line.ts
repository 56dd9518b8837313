/**
 * The card-master CSV format and the checks one line can fail on its own:
 * `corporate_number,card_number,expiry_yymm,pin,holder_name`, header first. Every column is checked and every
 * failure reported (in column order), so staff fix a line once, not once per reason. Whether the company exists and
 * whether the card is already known need the database and are decided per batch by the import processor.
 */
import {
  FieldErrorCodes, isExpired, isValidCorporateNumber, isValidExpiryYymm, isValidPin, validateCardNumber, type FieldErrorCode,
} from '@corpweb/shared-types';

export const CARD_IMPORT_COLUMNS = ['corporate_number', 'card_number', 'expiry_yymm', 'pin', 'holder_name'] as const;
export const HOLDER_NAME_MAX_LENGTH = 100;

export interface CardImportLine {
  corporateNumber: string;
  /** digits only; held in memory for the current batch and never logged */
  pan: string;
  expiryYymm: string;
  pin: string;
  holderName: string;
}

export type LineCheck = { ok: true; value: CardImportLine } | { ok: false; codes: FieldErrorCode[] };

// C0/C1 controls (a quoted field may hide a line break) and U+FFFD, which marks bytes that were not UTF-8
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufffd]/u;

export function isCardImportHeader(record: readonly string[]): boolean {
  return record.length === CARD_IMPORT_COLUMNS.length
    && record.every((cell, index) => cell.trim().toLowerCase() === CARD_IMPORT_COLUMNS[index]);
}

/**
 * `isExpired` for one import: the shared rule formats `now` in the business time zone on every call, which
 * costs more than the rest of a line's checks together, so each distinct YYMM is decided once.
 */
export function expiryCheckAt(now: Date, timeZone: string): (yymm: string) => boolean {
  const decided = new Map<string, boolean>();
  return (yymm) => {
    let expired = decided.get(yymm);
    if (expired === undefined) {
      expired = isExpired(yymm, now, timeZone);
      decided.set(yymm, expired);
    }
    return expired;
  };
}

export function checkCardImportLine(record: readonly string[], expired: (yymm: string) => boolean): LineCheck {
  if (record.length !== CARD_IMPORT_COLUMNS.length) return { ok: false, codes: [FieldErrorCodes.COLUMN_COUNT] };
  const [corporateNumber, cardNumber, expiryYymm, pin, holderName] = record.map((cell) => cell.trim()) as [string, string, string, string, string];
  const codes: FieldErrorCode[] = [];

  if (!isValidCorporateNumber(corporateNumber)) {
    // 13 digits that fail the check digit are a typo, not a wrong format: say so
    codes.push(/^\d{13}$/.test(corporateNumber) ? FieldErrorCodes.CORPORATE_NUMBER_CHECK_DIGIT : FieldErrorCodes.CORPORATE_NUMBER_INVALID);
  }
  const card = validateCardNumber(cardNumber);
  if (!card.ok) codes.push(card.code);
  if (!isValidExpiryYymm(expiryYymm)) codes.push(FieldErrorCodes.EXPIRY_INVALID);
  else if (expired(expiryYymm)) codes.push(FieldErrorCodes.CARD_EXPIRED);
  if (!isValidPin(pin)) codes.push(FieldErrorCodes.PIN_INVALID);
  if (holderName === '') codes.push(FieldErrorCodes.REQUIRED);
  // the column is VARCHAR(100) in characters: count code points, not UTF-16 units
  else if ([...holderName].length > HOLDER_NAME_MAX_LENGTH) codes.push(FieldErrorCodes.TOO_LONG);
  else if (UNPRINTABLE.test(holderName)) codes.push(FieldErrorCodes.INVALID_FORMAT);

  if (codes.length > 0 || !card.ok) return { ok: false, codes };
  return { ok: true, value: { corporateNumber, pan: card.digits, expiryYymm, pin, holderName } };
}
