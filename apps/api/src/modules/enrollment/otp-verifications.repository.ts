/** The only writer of `otp_verifications`: SMS codes that confirm a phone before an OTP enrollment is written. */
import { Injectable } from '@nestjs/common';
import { execute, selectOne, type Executor } from '../../common/database/sql.js';

export interface OtpVerificationRow {
  id: string;
  card_id: number;
  phone_e164: string;
  pending_secure_id: string;
  code_hmac: Buffer;
  expires_at: Date;
  wrong_attempts: number;
  consumed_at: Date | null;
}

export interface NewOtpVerification {
  id: string;
  inquiryId: string;
  cardId: number;
  phoneE164: string;
  pendingSecureId: string;
  codeHmac: Buffer;
  expiresAt: Date;
}

@Injectable()
export class OtpVerificationsRepository {
  async issueForEnrollment(db: Executor, otp: NewOtpVerification, now: Date): Promise<void> {
    await execute(
      db,
      `INSERT INTO otp_verifications (id, purpose, subject_id, card_id, phone_e164, pending_secure_id, code_hmac, expires_at, created_at)
       VALUES (?, 'ENROLLMENT', ?, ?, ?, ?, ?, ?, ?)`,
      [otp.id, otp.inquiryId, otp.cardId, otp.phoneE164, otp.pendingSecureId, otp.codeHmac, otp.expiresAt, now],
    );
  }

  /** An enrollment's code, only for the inquiry grant it was sent under. */
  findForEnrollment(db: Executor, id: string, inquiryId: string): Promise<OtpVerificationRow | undefined> {
    return selectOne<OtpVerificationRow>(
      db,
      "SELECT * FROM otp_verifications WHERE id = ? AND subject_id = ? AND purpose = 'ENROLLMENT'",
      [id, inquiryId],
    );
  }

  /** How many codes went to the phone since `since`, and when the last one did (the resend limits). */
  sendsToSince(db: Executor, phone: string, since: Date): Promise<{ sends: number; last: Date | null } | undefined> {
    return selectOne<{ sends: number; last: Date | null }>(
      db,
      'SELECT COUNT(*) AS sends, MAX(created_at) AS last FROM otp_verifications WHERE phone_e164 = ? AND created_at > ?',
      [phone, since],
    );
  }

  /** Counts a wrong answer while tries remain; false when the code was already used up (or consumed). */
  async countWrongAnswer(db: Executor, id: string, maxWrongTries: number): Promise<boolean> {
    const { affectedRows } = await execute(
      db, 'UPDATE otp_verifications SET wrong_attempts = wrong_attempts + 1 WHERE id = ? AND consumed_at IS NULL AND wrong_attempts < ?', [id, maxWrongTries],
    );
    return affectedRows === 1;
  }

  /** single use: of concurrent correct answers exactly one consumes the code */
  async consumeCode(db: Executor, id: string, maxWrongTries: number, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(
      db, 'UPDATE otp_verifications SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL AND wrong_attempts < ? AND expires_at > ?', [now, id, maxWrongTries, now],
    );
    return affectedRows === 1;
  }
}
