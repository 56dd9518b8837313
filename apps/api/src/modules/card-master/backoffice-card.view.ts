/** The back office's view of a card: masked number, company, lock and enrollment state — never a PAN, hash or PIN. */
import { formatExpiry, maskCardNumber, maskPhone, type BackofficeCard, type CardBrand, type EnrollmentView } from '@corpweb/shared-types';

export interface BackofficeCardRow {
  id: number;
  first4: string;
  last4: string;
  brand: string;
  expiry_yymm: string;
  holder_name: string;
  status: 'ACTIVE' | 'REPLACED';
  pin_locked_at: Date | null;
  corporate_number: string;
  company_name: string;
  e_status: 'REGISTERED' | 'REREGISTRATION_REQUIRED' | null;
  e_method: 'OTP' | 'PASSWORD' | null;
  e_secure_id: string | null;
  e_phone_e164: string | null;
  e_updated_at: Date | null;
}

/** Selects exactly the columns the view needs; append WHERE/ORDER/LIMIT. */
export const BACKOFFICE_CARD_SELECT = `
  SELECT c.id, c.first4, c.last4, c.brand, c.expiry_yymm, c.holder_name, c.status, c.pin_locked_at,
         co.corporate_number, co.name AS company_name,
         e.status AS e_status, e.method AS e_method, e.secure_id AS e_secure_id, e.phone_e164 AS e_phone_e164, e.updated_at AS e_updated_at
    FROM cards c
    JOIN companies co ON co.id = c.company_id
    LEFT JOIN enrollments e ON e.card_id = c.id`;

function enrollmentOf(row: BackofficeCardRow): EnrollmentView {
  if (!row.e_status) return { status: 'UNREGISTERED' };
  return {
    status: row.e_status,
    ...(row.e_method ? { method: row.e_method } : {}),
    ...(row.e_secure_id ? { secureId: row.e_secure_id } : {}),
    ...(row.e_phone_e164 ? { maskedPhone: maskPhone(row.e_phone_e164) } : {}),
    ...(row.e_updated_at ? { updatedAt: row.e_updated_at.toISOString() } : {}),
  };
}

export function toBackofficeCard(row: BackofficeCardRow): BackofficeCard {
  return {
    cardId: String(row.id),
    corporateNumber: row.corporate_number,
    companyName: row.company_name,
    maskedNumber: maskCardNumber(row.first4, row.last4),
    brand: row.brand as CardBrand,
    expiry: formatExpiry(row.expiry_yymm),
    holderName: row.holder_name,
    status: row.status,
    pinLocked: row.pin_locked_at !== null,
    enrollment: enrollmentOf(row),
  };
}
