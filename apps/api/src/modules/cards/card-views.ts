/** Maps card and enrollment rows to the masked views the API returns; never a PAN, hash or PIN. */
import { formatExpiry, maskCardNumber, maskPhone, type CardBrand, type EnrollmentView, type MaskedCard } from '@corpweb/shared-types';

export interface CardRow {
  id: number;
  company_id: number;
  pan_ciphertext: Buffer;
  pan_key_id: string;
  first4: string;
  last4: string;
  brand: string;
  expiry_yymm: string;
  holder_name: string;
  pin_hash: Buffer;
  pin_locked_at: Date | null;
  status: 'ACTIVE' | 'REPLACED';
}

export interface EnrollmentRow {
  card_id: number;
  secure_id: string | null;
  method: 'OTP' | 'PASSWORD';
  phone_e164: string | null;
  password_hash: string | null;
  status: 'REGISTERED' | 'REREGISTRATION_REQUIRED';
  updated_at: Date;
}

export function maskedCard(row: Pick<CardRow, 'first4' | 'last4' | 'brand' | 'expiry_yymm'>): MaskedCard {
  return { maskedNumber: maskCardNumber(row.first4, row.last4), brand: row.brand as CardBrand, expiry: formatExpiry(row.expiry_yymm) };
}

export function enrollmentView(row: EnrollmentRow | undefined): EnrollmentView {
  if (!row) return { status: 'UNREGISTERED' };
  return {
    status: row.status,
    method: row.method,
    ...(row.secure_id ? { secureId: row.secure_id } : {}),
    ...(row.phone_e164 ? { maskedPhone: maskPhone(row.phone_e164) } : {}),
    updatedAt: row.updated_at.toISOString(),
  };
}
