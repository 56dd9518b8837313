/**
 * The card master's writes to `cards`: cards arrive by import or reissue (PAN encrypted, PIN only as an HMAC,
 * brand JCB), a reissued card is marked REPLACED, a SUPERVISOR lifts a PIN lock. (The inquiry's own PIN counter
 * is in cards/card-inquiry.service.ts.)
 */
import { Injectable } from '@nestjs/common';
import { execute, type Executor } from '../../common/database/sql.js';

export interface NewCard {
  companyId: number;
  panCiphertext: Buffer;
  panKeyId: string;
  fingerprint: Buffer;
  first4: string;
  last4: string;
  expiryYymm: string;
  holderName: string;
  pinHash: Buffer;
}

const COLUMNS = 'company_id, pan_ciphertext, pan_key_id, pan_fingerprint, first4, last4, brand, expiry_yymm, holder_name, pin_hash, created_at, updated_at';
const row = (card: NewCard, now: Date) => [
  card.companyId, card.panCiphertext, card.panKeyId, card.fingerprint, card.first4, card.last4, 'JCB', card.expiryYymm, card.holderName, card.pinHash, now, now,
];

@Injectable()
export class CardMasterRepository {
  /** One multi-row INSERT; a fingerprint already present fails the whole statement (uq_card_fingerprint). */
  async insertMany(db: Executor, cards: NewCard[], now: Date): Promise<void> {
    if (cards.length === 0) return;
    await execute(db, `INSERT INTO cards (${COLUMNS}) VALUES ${cards.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`, cards.flatMap((card) => row(card, now)));
  }

  async insertOne(db: Executor, card: NewCard, now: Date): Promise<number> {
    const { insertId } = await execute(db, `INSERT INTO cards (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, row(card, now));
    return insertId;
  }

  async markReplaced(db: Executor, cardId: number, newCardId: number, now: Date): Promise<void> {
    await execute(db, `UPDATE cards SET status = 'REPLACED', replaced_by_card_id = ?, updated_at = ? WHERE id = ?`, [newCardId, now, cardId]);
  }

  async unlockPin(db: Executor, cardId: number, now: Date): Promise<void> {
    await execute(db, 'UPDATE cards SET pin_fail_count = 0, pin_locked_at = NULL, updated_at = ? WHERE id = ?', [now, cardId]);
  }
}
