/**
 * Read-only views of the card master outside the back office: the ACS's cardholder lookup and the company
 * dashboard's card list (both one indexed read; the card master's writes stay in card-master/).
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { prepared, select } from '../../common/database/sql.js';
import type { CardRow, EnrollmentRow } from './card-views.js';

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

/** Columns of another table's owner read with the cardholder (correlated on `c`), their parameters in order, and their parser. */
export interface CardholderJoin<T> {
  columns: string;
  params: unknown[];
  parse(row: Record<string, unknown>): T;
}

/** A card of the dashboard's list, with its enrollment when there is one. */
export type CompanyCardRow = Omit<CardRow, 'status'> & Partial<Omit<EnrollmentRow, 'card_id' | 'status'>> & { e_status: EnrollmentRow['status'] | null; e_updated_at: Date | null };

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

  /** One indexed read, a prepared statement (every AReq makes it): card by PAN fingerprint (or by id), with company and enrollment. */
  async findCardholder(by: { panFingerprint: Buffer } | { cardId: number }): Promise<CardholderRecord | undefined> {
    return (await this.readCardholder(by))?.card;
  }

  /**
   * The same read with columns of another table's owner in it (`join`, correlated on the card `c`): the ACS reads
   * the card and its risk history in one round trip.
   */
  async findCardholderWith<T>(panFingerprint: Buffer, join: CardholderJoin<T>): Promise<{ card: CardholderRecord; joined: T } | undefined> {
    const read = await this.readCardholder({ panFingerprint }, join);
    return read && { card: read.card, joined: join.parse(read.row) };
  }

  private async readCardholder(
    by: { panFingerprint: Buffer } | { cardId: number }, join?: CardholderJoin<unknown>,
  ): Promise<{ card: CardholderRecord; row: Row & Record<string, unknown> } | undefined> {
    const [row] = await prepared<(Row & Record<string, unknown>)[]>(
      this.dataSource,
      `SELECT c.id, c.company_id, c.first4, c.last4, c.expiry_yymm, c.status, co.fraud_data_sharing, c.pan_ciphertext, c.pan_key_id,
              e.id AS enrollment_id, e.secure_id_key, e.method, e.phone_e164, e.password_hash,
              e.status AS enrollment_status, e.password_fail_count${join ? `, ${join.columns}` : ''}
         FROM cards c JOIN companies co ON co.id = c.company_id LEFT JOIN enrollments e ON e.card_id = c.id
        WHERE ${'cardId' in by ? 'c.id = ?' : 'c.pan_fingerprint = ?'}`,
      [...(join?.params ?? []), 'cardId' in by ? by.cardId : by.panFingerprint],
    );
    if (!row) return undefined;
    const card: CardholderRecord = {
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
    return { card, row };
  }

  /** The active cards of the member's company, by id (the member's row is the way to the company). */
  activeCardsOfMembersCompany(memberId: number): Promise<CompanyCardRow[]> {
    return select<CompanyCardRow>(
      this.dataSource,
      `SELECT c.id, c.first4, c.last4, c.brand, c.expiry_yymm, c.holder_name, c.pin_locked_at,
              e.secure_id, e.method, e.phone_e164, e.status AS e_status, e.updated_at AS e_updated_at
         FROM members m
         JOIN cards c ON c.company_id = m.company_id AND c.status = 'ACTIVE'
         LEFT JOIN enrollments e ON e.card_id = c.id
        WHERE m.id = ?
        ORDER BY c.id
        LIMIT 5000`,
      [memberId],
    );
  }
}
