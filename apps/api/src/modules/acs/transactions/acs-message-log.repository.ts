/**
 * Owner of acs_messages: the timeline of one transaction as staff read it. Bodies are stored masked — the
 * account number as 3540 **** **** 1234 and authenticationValues cut to their last four characters — so the log
 * never holds card data or a usable cryptogram.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { maskCardNumber } from '@corpweb/shared-types';
import { execute, type Executor } from '../../../common/database/sql.js';

export type AcsMessageKind = 'AReq' | 'ARes' | 'Erro' | 'CReq' | 'CRes' | 'RReq' | 'RRes' | 'RReqFailed' | 'ChallengeStep';
export type AcsMessageDirection = 'IN' | 'OUT' | 'EVENT';

export interface AcsMessageEntry {
  acsTransId?: string | null;
  threeDSServerTransId?: string | null;
  kind: AcsMessageKind;
  direction: AcsMessageDirection;
  body: Record<string, unknown>;
  at: Date;
}

export function maskMessage(body: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = { ...body };
  if (typeof masked.acctNumber === 'string') {
    const digits = masked.acctNumber.replace(/\D/g, '');
    masked.acctNumber = digits.length >= 8 ? maskCardNumber(digits.slice(0, 4), digits.slice(-4)) : '****';
  }
  if (typeof masked.authenticationValue === 'string') masked.authenticationValue = `****${masked.authenticationValue.slice(-4)}`;
  return masked;
}

/** A message body as the log stores it: masked, as JSON text. */
export function maskedBody(body: Record<string, unknown>): string {
  return JSON.stringify(maskMessage(body));
}

@Injectable()
export class AcsMessageLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(db: Executor | undefined, entry: AcsMessageEntry): Promise<void> {
    await this.appendAll(db, [entry]);
  }

  /**
   * Several entries (an AReq and its ARes) in one multi-row INSERT: one round trip. The ids increase in the
   * given order, so the timeline, read in id order, keeps it.
   */
  async appendAll(db: Executor | undefined, entries: readonly AcsMessageEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await execute(
      db ?? this.dataSource,
      `INSERT INTO acs_messages (acs_trans_id, three_ds_server_trans_id, kind, direction, body, created_at) VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      entries.flatMap((entry) => [
        entry.acsTransId ?? null, entry.threeDSServerTransId ?? null, entry.kind, entry.direction, maskedBody(entry.body), entry.at,
      ]),
    );
  }
}
