/**
 * One parse of a typed card number for every endpoint that takes one (the inquiry, the back-office reissue), so
 * the same wrong number gets the same answer: 422 with the problem as the top-level code (CARD_NUMBER_INVALID,
 * CARD_BRAND_NOT_SUPPORTED) and as the field's code; an empty number is a plain VALIDATION_FAILED (REQUIRED).
 */
import { validateCardNumber } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';

/** The card number's digits; throws the problem against `field` when it is not a supported card number. */
export function parseCardNumber(input: string, field: string): string {
  const parsed = validateCardNumber(input);
  if (parsed.ok) return parsed.digits;
  if (parsed.code === 'REQUIRED') throw AppException.validation([{ field, code: 'REQUIRED' }]);
  throw new AppException(parsed.code, [{ field, code: parsed.code }]);
}
