/**
 * The card master's writes to `cards`: cards arrive by import or reissue (PAN encrypted, PIN only as an HMAC,
 * brand JCB), a reissued card is marked REPLACED, a SUPERVISOR lifts a PIN lock. (The inquiry's own PIN counter
 * is in cards/card-inquiry.service.ts.)
 */
import { Injectable } from '@nestjs/common';
import { execute, select, selectOne, type Executor } from '../../common/database/sql.js';

/** A card as a staff action sees it, its row locked for the rest of the transaction. */
export interface LockedCard {
  id: number;
  company_id: number;
  first4: string;
  last4: string;
  holder_name: string;
  status: 'ACTIVE' | 'REPLACED';
  pin_locked_at: Date | null;
  pin_fail_count: number;
}

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
  /** Locks the card row, so two staff acting on the same card are serialized. */
  lockForStaffAction(db: Executor, cardId: number): Promise<LockedCard | undefined> {
    return selectOne<LockedCard>(
      db,
      'SELECT id, company_id, first4, last4, holder_name, status, pin_locked_at, pin_fail_count FROM cards WHERE id = ? FOR UPDATE',
      [cardId],
    );
  }

  /** Locks the card's row: writes of one card's enrollment serialize on it (no gap lock on a missing enrollment). */
  async lockRow(db: Executor, cardId: number): Promise<void> {
    await db.query('SELECT id FROM cards WHERE id = ? FOR UPDATE', [cardId]);
  }

  /** Locks the card row and reads its masked number's digits (the ACS password unlock serializes with reissue). */
  lockNumber(db: Executor, cardId: number): Promise<{ id: number; first4: string; last4: string } | undefined> {
    return selectOne<{ id: number; first4: string; last4: string }>(db, 'SELECT id, first4, last4 FROM cards WHERE id = ? FOR UPDATE', [cardId]);
  }

  /** The fingerprints among these that the card master already holds (an import refuses them as DUPLICATE_CARD). */
  async knownFingerprints(db: Executor, fingerprints: Buffer[]): Promise<Buffer[]> {
    const rows = await select<{ pan_fingerprint: Buffer }>(
      db,
      `SELECT pan_fingerprint FROM cards WHERE pan_fingerprint IN (${fingerprints.map(() => '?').join(',')})`,
      fingerprints,
    );
    return rows.map((row) => row.pan_fingerprint);
  }

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
