/**
 * Append-only, hash-chained audit log (SPEC §2, PCI DSS 10.2/10.3). Each event's hash covers its content and
 * the previous event's hash in the same chain; editing, deleting or reordering a row breaks verification.
 * Events are spread over AUDIT_CHAINS chains so concurrent transactions rarely wait on the same chain head.
 * Appending must be the LAST statement of a transaction: the chain-head row lock is then held only briefly
 * and never while waiting for another lock (no deadlock cycle through the head).
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Limits, maskCardNumber, type AuditEvent, type AuditEventFilter, type AuditLocale, type AuditVerification } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { execute, select, selectOne } from '../../common/database/sql.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { auditCsv } from './audit-csv.js';
import { AUDIT_CHAINS, GENESIS_HASH } from '../../database/migrations/1764100000000-seed-terms-and-audit-chains.js';

export type AuditActorType = AuditEvent['actorType'];
export interface AuditInput {
  actorType: AuditActorType;
  actorId?: string | number;
  action: string;
  targetType?: string;
  targetId?: string | number;
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>;
  detail?: Record<string, string | number | boolean | null>;
}

interface AuditRow {
  id: number;
  chain: number;
  seq: number;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: string | null;
  prev_hash: Buffer;
  hash: Buffer;
}

/** An event row with what people read instead of IDs (joined at read time; the chained row stays as written). */
interface LabelledAuditRow extends AuditRow {
  actor_login_id: string | null;
  card_first4: string | null;
  card_last4: string | null;
  card_company: string | null;
  application_company: string | null;
  application_corporate_number: string | null;
  target_staff_login_id: string | null;
}

const LABELLED_EVENTS = `
  SELECT e.*, COALESCE(sa.login_id, ma.login_id) AS actor_login_id,
         c.first4 AS card_first4, c.last4 AS card_last4, cc.name AS card_company,
         ap.company_name AS application_company, ap.corporate_number AS application_corporate_number,
         ts.login_id AS target_staff_login_id
    FROM audit_events e
    LEFT JOIN staff sa ON e.actor_type = 'STAFF' AND sa.id = CAST(e.actor_id AS UNSIGNED)
    LEFT JOIN members ma ON e.actor_type = 'MEMBER' AND ma.id = CAST(e.actor_id AS UNSIGNED)
    LEFT JOIN cards c ON e.target_type = 'CARD' AND c.id = CAST(e.target_id AS UNSIGNED)
    LEFT JOIN companies cc ON cc.id = c.company_id
    LEFT JOIN signup_applications ap ON e.target_type = 'APPLICATION' AND ap.id = CAST(e.target_id AS UNSIGNED)
    LEFT JOIN staff ts ON e.target_type = 'STAFF' AND ts.id = CAST(e.target_id AS UNSIGNED)`;

/** `YYYY-MM-DD` 00:00 in `timeZone`, as an instant. */
export function startOfDay(date: string, timeZone: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00.000Z`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(utcMidnight);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asIfUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(utcMidnight.getTime() - (asIfUtc - utcMidnight.getTime()));
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function auditHash(prevHash: Buffer, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): Buffer {
  const canonical = JSON.stringify([
    row.chain, Number(row.seq), row.occurred_at.toISOString(), row.actor_type, row.actor_id, row.action,
    row.target_type, row.target_id, row.ip, row.user_agent, row.detail,
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest();
}

@Injectable()
export class AuditService {
  private readonly timeZone: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeZone = config.businessTimeZone;
  }

  /** Appends inside the caller's transaction, so the event commits or rolls back with the change. */
  async append(manager: EntityManager, input: AuditInput): Promise<void> {
    const chain = randomInt(AUDIT_CHAINS);
    const head = await selectOne<{ seq: number; hash: Buffer }>(
      manager, 'SELECT seq, hash FROM audit_chain_heads WHERE chain = ? FOR UPDATE', [chain],
    );
    if (!head) throw new Error(`audit chain ${chain} has no head`);
    const row = {
      chain,
      seq: Number(head.seq) + 1,
      occurred_at: this.clock.now(),
      actor_type: input.actorType,
      actor_id: input.actorId === undefined ? null : String(input.actorId),
      action: input.action,
      target_type: input.targetType ?? null,
      target_id: input.targetId === undefined ? null : String(input.targetId),
      ip: input.meta?.ip ?? null,
      user_agent: input.meta?.userAgent ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
    };
    const hash = auditHash(head.hash, row);
    await execute(
      manager,
      `INSERT INTO audit_events (chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, ip,
         user_agent, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.chain, row.seq, row.occurred_at, row.actor_type, row.actor_id, row.action, row.target_type, row.target_id,
        row.ip, row.user_agent, row.detail, head.hash, hash],
    );
    await execute(manager, 'UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [row.seq, hash, chain]);
  }

  /** For events that are not part of another change (a failed login, a lockout). */
  async record(input: AuditInput): Promise<void> {
    await this.dataSource.transaction((manager) => this.append(manager, input));
  }

  /**
   * Newest first, keyset-paged by id, with the actor's login ID and the target's masked card / company / staff
   * login ID joined in. Filters combine with AND: action code, actor login ID, target (card last 4, corporate
   * number or part of a company name) and days in the business time zone.
   */
  async list(cursor: number | undefined, limit: number, filter: AuditEventFilter = {}): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (cursor) {
      where.push('e.id < ?');
      params.push(cursor);
    }
    if (filter.action) {
      where.push('e.action = ?');
      params.push(filter.action);
    }
    if (filter.actor) {
      where.push('(sa.login_id = ? OR ma.login_id = ?)');
      params.push(filter.actor, filter.actor);
    }
    if (filter.target) {
      const target = filter.target.trim();
      if (/^\d{4}$/.test(target)) {
        where.push('c.last4 = ?');
        params.push(target);
      } else if (/^\d{13}$/.test(target)) {
        where.push('(cc.corporate_number = ? OR ap.corporate_number = ?)');
        params.push(target, target);
      } else {
        where.push('(cc.name LIKE ? OR ap.company_name LIKE ? OR ts.login_id = ?)');
        params.push(`%${likeEscape(target)}%`, `%${likeEscape(target)}%`, target);
      }
    }
    if (filter.from) {
      where.push('e.occurred_at >= ?');
      params.push(startOfDay(filter.from, this.timeZone));
    }
    if (filter.to) {
      where.push('e.occurred_at < ?');
      params.push(new Date(startOfDay(filter.to, this.timeZone).getTime() + 86_400_000));
    }
    const rows = await select<LabelledAuditRow>(
      this.dataSource,
      `${LABELLED_EVENTS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAuditEvent),
      ...(rows.length > limit ? { nextCursor: String(page[page.length - 1]!.id) } : {}),
    };
  }

  /**
   * The filtered view as CSV (at most Limits.auditExportMaxRows, newest first). The export is itself audited,
   * with the filter and the row count, in the same call: staff cannot take the log away unrecorded.
   */
  async exportCsv(
    filter: AuditEventFilter, locale: AuditLocale, staffId: number, meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
  ): Promise<{ csv: string; rows: number; truncated: boolean }> {
    const { items, nextCursor } = await this.list(undefined, Limits.auditExportMaxRows, filter);
    const filterText = Object.entries(filter).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${String(v)}`).join(' ');
    await this.record({
      actorType: 'STAFF', actorId: staffId, action: 'AUDIT_EXPORTED', meta,
      detail: { rows: items.length, filter: filterText.slice(0, 300) || null },
    });
    return { csv: auditCsv(items, locale, this.timeZone), rows: items.length, truncated: nextCursor !== undefined };
  }

  /**
   * Walks every chain in order and recomputes each hash; reports the first broken event. Runs in one
   * REPEATABLE READ transaction so rows and chain heads come from the same snapshot while appends go on.
   */
  async verify(): Promise<AuditVerification> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.verifyIn(manager));
  }

  private async verifyIn(db: EntityManager): Promise<AuditVerification> {
    let checked = 0;
    for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
      let prevHash: Buffer = GENESIS_HASH;
      let expectedSeq = 1;
      let lastSeq = 0;
      for (;;) {
        const rows = await select<AuditRow>(
          db,
          'SELECT * FROM audit_events WHERE chain = ? AND seq >= ? ORDER BY seq LIMIT 1000',
          [chain, expectedSeq],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          const broken = (reason: NonNullable<AuditVerification['brokenAt']>['reason']): AuditVerification => ({
            ok: false, checked, brokenAt: { chain, eventId: String(row.id), reason },
          });
          if (seq !== expectedSeq) return broken('SEQUENCE_GAP');
          if (!row.prev_hash.equals(prevHash)) return broken('LINK_BROKEN');
          if (!auditHash(prevHash, row).equals(row.hash)) return broken('HASH_MISMATCH');
          prevHash = row.hash;
          expectedSeq += 1;
          lastSeq = seq;
          checked += 1;
        }
        if (rows.length < 1000) break;
      }
      const head = await selectOne<{ seq: number; hash: Buffer }>(
        db, 'SELECT seq, hash FROM audit_chain_heads WHERE chain = ?', [chain],
      );
      // a deleted tail leaves the head pointing past the last row
      if (!head || Number(head.seq) !== lastSeq || !head.hash.equals(prevHash)) {
        return { ok: false, checked, brokenAt: { chain, eventId: `head:${chain}`, reason: 'SEQUENCE_GAP' } };
      }
    }
    return { ok: true, checked };
  }
}

function targetLabel(row: LabelledAuditRow): string | undefined {
  if (row.card_last4 && row.card_first4) {
    const card = maskCardNumber(row.card_first4, row.card_last4);
    return row.card_company ? `${card}(${row.card_company})` : card;
  }
  if (row.application_company) return `${row.application_company}(${row.application_corporate_number ?? ''})`;
  if (row.target_staff_login_id) return row.target_staff_login_id;
  return undefined;
}

function toAuditEvent(row: LabelledAuditRow): AuditEvent {
  const label = targetLabel(row);
  return {
    id: String(row.id),
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type as AuditActorType,
    ...(row.actor_id ? { actorId: row.actor_id } : {}),
    action: row.action,
    ...(row.target_type ? { targetType: row.target_type } : {}),
    ...(row.target_id ? { targetId: row.target_id } : {}),
    ...(row.ip ? { ip: row.ip } : {}),
    ...(row.user_agent ? { userAgent: row.user_agent } : {}),
    ...(row.detail ? { detail: JSON.parse(row.detail) as AuditEvent['detail'] } : {}),
    ...(row.actor_login_id ? { actorLoginId: row.actor_login_id } : {}),
    ...(label ? { targetLabel: label } : {}),
  };
}
