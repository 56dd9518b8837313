/**
 * Read-only SQL over the ACS's tables (acs_transactions, acs_messages — owned by modules/acs) for staff and
 * for a company's administrator, JOINed to the card master for the masked number and the company. Every
 * statement reads through an index in the console's order (created_at DESC, acs_trans_id DESC), so keyset
 * pages cost the same on the first page and the thousandth (test/query-plans.e2e-spec.ts EXPLAINs them).
 * Columns are named one by one: fingerprints, OTP HMACs, step tokens and session data never leave the table.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RiskRuleResult, TransStatus, TransStatusReason } from '@corpweb/shared-types';
import { select, selectOne } from '../../common/database/sql.js';

export interface ListFilter {
  companyId?: number;
  last4?: string;
  transStatus?: TransStatus;
  fromInclusive?: Date;
  toExclusive?: Date;
  after?: { createdAt: Date; acsTransId: string };
  limit: number;
}

export interface TransactionRow {
  acs_trans_id: string;
  created_at: Date;
  card_id: number | string | null;
  card_last4: string;
  first4: string | null;
  company_name: string | null;
  corporate_number: string | null;
  merchant_name: string;
  purchase_amount: string | number | null;
  purchase_currency: string | null;
  purchase_exponent: number | null;
  trans_status: TransStatus;
  trans_status_reason: TransStatusReason | null;
  authentication_method: 'OTP' | 'PASSWORD' | null;
  state: 'DECIDED' | 'AWAITING_CREQ' | 'CHALLENGING' | 'COMPLETED';
}

export interface TransactionDetailRow extends TransactionRow {
  three_ds_server_trans_id: string;
  ds_trans_id: string;
  message_version: string;
  message_category: '01' | '02';
  mcc: string | null;
  requestor_name: string;
  browser_language: string;
  eci: string | null;
  challenge_mandated: number;
  challenge_cancel: string | null;
  wrong_answers: number;
  otp_sends: number;
  interactions: number;
  risk_outcome: 'DENY' | 'CHALLENGE' | 'FRICTIONLESS' | null;
  risk_rules: string | RiskRuleResult[] | null;
  risk_provider: string;
  completed_at: Date | null;
  e_method: 'OTP' | 'PASSWORD' | null;
  e_status: 'REGISTERED' | 'REREGISTRATION_REQUIRED' | null;
  e_password_fail_count: number | null;
}

export interface MessageRow {
  id: number | string;
  kind: string;
  direction: 'IN' | 'OUT' | 'EVENT';
  body: string | Record<string, unknown>;
  created_at: Date;
}

export interface SummaryRow {
  day: number | string;
  total: number | string;
  frictionless: number | string;
  attempted: number | string;
  challenged: number | string;
  challenge_succeeded: number | string;
  challenge_ended: number | string;
  refused: number | string;
  failed: number | string;
}

export interface ReasonRow {
  trans_status: TransStatus;
  trans_status_reason: string | null;
  n: number | string;
}

const LIST_COLUMNS = `t.acs_trans_id, t.created_at, t.card_id, t.card_last4, c.first4, co.name AS company_name, co.corporate_number,
       t.merchant_name, t.purchase_amount, t.purchase_currency, t.purchase_exponent, t.trans_status, t.trans_status_reason,
       t.authentication_method, t.state`;

@Injectable()
export class AcsConsoleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One keyset page, newest first; asks for limit + 1 rows so the caller knows whether another page exists. */
  async listTransactions(filter: ListFilter): Promise<TransactionRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.companyId !== undefined) { where.push('t.company_id = ?'); params.push(filter.companyId); }
    if (filter.last4) { where.push('t.card_last4 = ?'); params.push(filter.last4); }
    if (filter.transStatus) { where.push('t.trans_status = ?'); params.push(filter.transStatus); }
    if (filter.fromInclusive) { where.push('t.created_at >= ?'); params.push(filter.fromInclusive); }
    if (filter.toExclusive) { where.push('t.created_at < ?'); params.push(filter.toExclusive); }
    if (filter.after) {
      // written as a range on created_at plus a tie-break, which the optimizer reads as an index range
      where.push('t.created_at <= ? AND (t.created_at < ? OR t.acs_trans_id < ?)');
      params.push(filter.after.createdAt, filter.after.createdAt, filter.after.acsTransId);
    }
    // The index is named: for a wide row MariaDB's cost model prefers a full scan and a filesort to reading a
    // page in index order (EXPLAIN showed type ALL for the unfiltered list). Each index ends in created_at plus
    // the primary key (InnoDB appends it), so every choice reads rows already in the keyset order and stops at LIMIT.
    const index = filter.last4 ? 'ix_acs_last4' : filter.companyId !== undefined ? 'ix_acs_company' : 'ix_acs_created';
    return select<TransactionRow>(
      this.dataSource,
      `SELECT ${LIST_COLUMNS}
         FROM acs_transactions t FORCE INDEX (${index})
         LEFT JOIN cards c ON c.id = t.card_id
         LEFT JOIN companies co ON co.id = t.company_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY t.created_at DESC, t.acs_trans_id DESC
        LIMIT ?`,
      [...params, filter.limit + 1],
    );
  }

  async findTransaction(acsTransId: string): Promise<TransactionDetailRow | undefined> {
    return selectOne<TransactionDetailRow>(
      this.dataSource,
      `SELECT ${LIST_COLUMNS},
              t.three_ds_server_trans_id, t.ds_trans_id, t.message_version, t.message_category, t.mcc, t.requestor_name,
              t.browser_language, t.eci, t.challenge_mandated, t.challenge_cancel, t.wrong_answers, t.otp_sends, t.interactions,
              t.risk_outcome, t.risk_rules, t.risk_provider, t.completed_at,
              e.method AS e_method, e.status AS e_status, e.password_fail_count AS e_password_fail_count
         FROM acs_transactions t
         LEFT JOIN cards c ON c.id = t.card_id
         LEFT JOIN companies co ON co.id = t.company_id
         LEFT JOIN enrollments e ON e.card_id = t.card_id
        WHERE t.acs_trans_id = ?`,
      [acsTransId],
    );
  }

  /** The transaction's timeline in the order the ACS logged it (bounded: a challenge has a few dozen messages). */
  async timeline(acsTransId: string, max: number): Promise<MessageRow[]> {
    return select<MessageRow>(
      this.dataSource,
      'SELECT id, kind, direction, body, created_at FROM acs_messages WHERE acs_trans_id = ? ORDER BY id LIMIT ?',
      [acsTransId, max],
    );
  }

  /**
   * Counts per business day in one range read: `dayStarts` are the seconds from `from` at which each day after
   * the first starts, and INTERVAL() turns a transaction's offset into its day's index.
   */
  async summarize(from: Date, toExclusive: Date, dayStarts: number[]): Promise<SummaryRow[]> {
    const day = dayStarts.length
      ? `INTERVAL(TIMESTAMPDIFF(SECOND, ?, created_at), ${dayStarts.map(() => '?').join(', ')})`
      : '0';
    return select<SummaryRow>(
      this.dataSource,
      `SELECT ${day} AS day,
              COUNT(*) AS total,
              SUM(state = 'DECIDED' AND trans_status = 'Y') AS frictionless,
              SUM(state = 'DECIDED' AND trans_status = 'A') AS attempted,
              SUM(state <> 'DECIDED') AS challenged,
              SUM(state = 'COMPLETED' AND trans_status = 'Y') AS challenge_succeeded,
              SUM(state = 'COMPLETED') AS challenge_ended,
              SUM(state = 'DECIDED' AND trans_status IN ('N', 'R')) AS refused,
              SUM((state = 'DECIDED' AND trans_status = 'U') OR (state = 'COMPLETED' AND trans_status IN ('N', 'U'))) AS failed
         FROM acs_transactions
        WHERE created_at >= ? AND created_at < ?
        GROUP BY day`,
      [...(dayStarts.length ? [from, ...dayStarts] : []), from, toExclusive],
    );
  }

  async topRefusalReasons(from: Date, toExclusive: Date, limit: number): Promise<ReasonRow[]> {
    return select<ReasonRow>(
      this.dataSource,
      `SELECT trans_status, trans_status_reason, COUNT(*) AS n
         FROM acs_transactions
        WHERE created_at >= ? AND created_at < ? AND trans_status IN ('N', 'R', 'U')
        GROUP BY trans_status, trans_status_reason
        ORDER BY n DESC, trans_status, trans_status_reason
        LIMIT ?`,
      [from, toExclusive, limit],
    );
  }

  /** The member's company's card, or nothing: a member never reads another company's card. */
  async memberCard(memberId: number, cardId: number): Promise<{ id: number } | undefined> {
    return selectOne<{ id: number }>(
      this.dataSource,
      'SELECT c.id FROM members m JOIN cards c ON c.company_id = m.company_id WHERE m.id = ? AND c.id = ?',
      [memberId, cardId],
    );
  }

  /** The newest checkout authentications of the member's company (all cards, or one). */
  async companyAuthentications(memberId: number, limit: number, cardId?: number): Promise<TransactionRow[]> {
    if (cardId !== undefined) {
      // one card's history is short: read it by card (ownership was checked by memberCard)
      return select<TransactionRow>(
        this.dataSource,
        `SELECT ${LIST_COLUMNS}
           FROM acs_transactions t
           JOIN members m ON m.id = ? AND m.company_id = t.company_id
           LEFT JOIN cards c ON c.id = t.card_id
           LEFT JOIN companies co ON co.id = t.company_id
          WHERE t.card_id = ?
          ORDER BY t.created_at DESC, t.acs_trans_id DESC
          LIMIT ?`,
        [memberId, cardId, limit],
      );
    }
    return select<TransactionRow>(
      this.dataSource,
      `SELECT ${LIST_COLUMNS}
         FROM members m
         JOIN acs_transactions t ON t.company_id = m.company_id
         LEFT JOIN cards c ON c.id = t.card_id
         LEFT JOIN companies co ON co.id = t.company_id
        WHERE m.id = ?
        ORDER BY t.created_at DESC, t.acs_trans_id DESC
        LIMIT ?`,
      [memberId, limit],
    );
  }
}
