/**
 * Reads of the card master for other processes (the ACS). The portal's own card statements still live in its
 * services; new readers go through here.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { selectOne } from '../../common/database/sql.js';

/** A card as the ACS needs it: the card master's facts, its company's data-sharing choice and its enrollment. */
export interface CardholderRecord {
  cardId: number;
  companyId: number;
  first4: string;
  last4: string;
  expiryYymm: string;
  status: 'ACTIVE' | 'REPLACED';
  fraudDataSharing: boolean;
  encryptedPan: { ciphertext: Buffer; keyId: string };
  enrollment?: {
    secureIdKey: string | null;
    method: 'OTP' | 'PASSWORD';
    phoneE164: string | null;
    passwordHash: string | null;
    status: 'REGISTERED' | 'REREGISTRATION_REQUIRED';
    passwordFailCount: number;
  };
}

interface Row {
  id: number;
  company_id: number;
  first4: string;
  last4: string;
  expiry_yymm: string;
  status: 'ACTIVE' | 'REPLACED';
  fraud_data_sharing: number;
  pan_ciphertext: Buffer;
  pan_key_id: string;
  enrollment_id: number | null;
  secure_id_key: string | null;
  method: 'OTP' | 'PASSWORD' | null;
  phone_e164: string | null;
  password_hash: string | null;
  enrollment_status: 'REGISTERED' | 'REREGISTRATION_REQUIRED' | null;
  password_fail_count: number | null;
}

@Injectable()
export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One indexed read: card by PAN fingerprint (or by id), with company and enrollment. */
  async findCardholder(by: { panFingerprint: Buffer } | { cardId: number }): Promise<CardholderRecord | undefined> {
    const row = await selectOne<Row>(
      this.dataSource,
      `SELECT c.id, c.company_id, c.first4, c.last4, c.expiry_yymm, c.status, co.fraud_data_sharing, c.pan_ciphertext, c.pan_key_id,
              e.id AS enrollment_id, e.secure_id_key, e.method, e.phone_e164, e.password_hash,
              e.status AS enrollment_status, e.password_fail_count
         FROM cards c JOIN companies co ON co.id = c.company_id LEFT JOIN enrollments e ON e.card_id = c.id
        WHERE ${'cardId' in by ? 'c.id = ?' : 'c.pan_fingerprint = ?'}`,
      ['cardId' in by ? by.cardId : by.panFingerprint],
    );
    if (!row) return undefined;
    return {
      cardId: Number(row.id),
      companyId: Number(row.company_id),
      first4: row.first4,
      last4: row.last4,
      expiryYymm: row.expiry_yymm,
      status: row.status,
      fraudDataSharing: Number(row.fraud_data_sharing) === 1,
      encryptedPan: { ciphertext: row.pan_ciphertext, keyId: row.pan_key_id },
      ...(row.enrollment_id !== null
        ? {
            enrollment: {
              secureIdKey: row.secure_id_key,
              method: row.method!,
              phoneE164: row.phone_e164,
              passwordHash: row.password_hash,
              status: row.enrollment_status!,
              passwordFailCount: Number(row.password_fail_count ?? 0),
            },
          }
        : {}),
    };
  }
}
