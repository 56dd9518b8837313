/**
 * Append-only, hash-chained audit log (PCI DSS 10.2/10.3). Each event's hash covers its content and
 * the previous event's hash in the same chain; editing, deleting or reordering a row breaks verification.
 * The chain is keyed: HMAC-SHA256 under AUDIT_KEY, which is not in the database, and each event stores the id of
 * its key (rotation: AUDIT_PREVIOUS_KEYS verifies older events). A DBA who edits an event cannot recompute the
 * chain. What a key cannot show — the tail of a chain cut off and its head set back — the checkpoints show:
 * every AUDIT_CHECKPOINT_INTERVAL_MS the heads of all chains are signed (Ed25519, AUDIT_SIGNING_KEY) and appended
 * to a file in AUDIT_CHECKPOINT_DIR, outside the database; verification checks every chain against them.
 * Appending is one INSERT of an unsealed event (no chain head is locked on a request's path); AuditSealer chains
 * committed events within about a second (docs/SECURITY.md, "the sealing window"). Verification of the whole
 * log is one scan in primary-key order that walks all chains at once (ChainWalk); from the last verified
 * checkpoint it walks each chain from there in seq order, so its cost follows what is new.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { Limits, maskCardNumber, type AuditAction, type AuditEvent, type AuditEventFilter, type AuditLocale, type AuditVerification } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { nextDate, startOfBusinessDay } from '../../common/clock/business-days.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { execute, forEachRow, select, selectOne, type Executor } from '../../common/database/sql.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { auditCsv } from './audit-csv.js';
import {
  AUDIT_CHAINS, CHAIN_COLUMNS, GENESIS_HASH, appendMacValid, auditHash, auditKeyFor, auditMac, newAppendMac, type AuditRow, type StoredChainedContent,
  storedAuditMac, VERIFIED_COLUMNS,
} from './audit-chain.js';
import { ChainWalk, type BreakReason, type ChainLink } from './audit-chain-walk.js';
import { AUDIT_SEAL_BATCH, AUDIT_SEAL_BOUND_MS, AuditSealer } from './audit-sealer.service.js';
export { auditHash, auditMac } from './audit-chain.js';

export type AuditActorType = AuditEvent['actorType'];
export interface AuditInput {
  actorType: AuditActorType;
  actorId?: string | number;
  action: AuditAction;
  targetType?: string;
  targetId?: string | number;
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>;
  detail?: Record<string, string | number | boolean | null>;
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

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One line of the checkpoint file: the heads of every chain at `at`, signed. */
/** an event as verification reads it (VERIFIED_COLUMNS) */
type VerifiedRow = StoredChainedContent & Pick<AuditRow, 'id' | 'prev_hash' | 'hash' | 'key_id'>;

interface ChainHeadRow {
  chain: number;
  seq: number;
  hash: Buffer;
  base_seq: number;
  base_hash: Buffer | null;
  base_sig: Buffer | null;
}

interface Checkpoint {
  v: 1;
  at: string;
  heads: [chain: number, seq: number, hash: string][];
  /** written by a successful verification: every event up to these heads verified */
  verified?: true;
  sig: string;
}

const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
/** events a whole-log scan holds for a predecessor (about 200 bytes each) before it walks that chain in seq order */
const HELD_EVENTS_MAX = 50_000;
/**
 * Verification reads the newest part of the file only: heads only move forward, so the newest lines carry the
 * furthest heads, and the file grows by a line per interval (about 700 bytes) for as long as the system runs.
 */
const CHECKPOINT_TAIL_BYTES = 1024 * 1024;
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditService');
  private readonly signingKey: KeyObject;
  /** events a whole-log scan may hold for their predecessors (HELD_EVENTS_MAX; a test makes it small) */
  heldEventsMax = HELD_EVENTS_MAX;
  private readonly verifyingKey: KeyObject;
  private timer?: NodeJS.Timeout;
  private lastCheckpoint = '';
  private readonly timeZone: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditSealer,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.timeZone = config.businessTimeZone;
    this.signingKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, config.keys.auditSigningKey]), format: 'der', type: 'pkcs8' });
    this.verifyingKey = createPublicKey(this.signingKey);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sealLegacyChains();
    await this.sealer.sealPending();
    if (!this.config.auditCheckpointDir) return;
    await mkdir(this.config.auditCheckpointDir, { recursive: true, mode: 0o700 });
    await this.writeCheckpoint();
    this.timer = setInterval(() => {
      this.writeCheckpoint().catch((error: { code?: string }) => this.logger.warn({ errorCode: error?.code }, 'audit checkpoint not written'));
    }, this.config.auditCheckpointIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * The unsealed row of an event, MACed under the audit key: for callers that write it in their own statement
   * (the card inquiry's one-round-trip procedure). Column order = AUDIT_APPEND_COLUMNS.
   */
  prepare(input: AuditInput): unknown[] {
    const row = {
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
    const { auditKey, auditKeyId } = this.config.keys;
    return [row.occurred_at, row.actor_type, row.actor_id, row.action, row.target_type, row.target_id, row.ip, row.user_agent, row.detail,
      newAppendMac(auditKey, auditKeyId, row), auditKeyId];
  }

  /** Appends inside the caller's transaction, so the event commits or rolls back with the change. One INSERT, no lock. */
  async append(manager: Executor, input: AuditInput): Promise<void> {
    await execute(
      manager,
      `INSERT INTO audit_events (${AUDIT_APPEND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      this.prepare(input),
    );
  }

  /** For events that are not part of another change (a failed login, a lockout): one autocommitted INSERT. */
  async record(input: AuditInput): Promise<void> {
    await this.append(this.dataSource, input);
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
      // resolved to ids first, so that the filter reads ix_audit_actor instead of joining every event
      const actors = await select<{ type: string; id: number }>(
        this.dataSource,
        "SELECT 'STAFF' AS type, id FROM staff WHERE login_id = ? UNION ALL SELECT 'MEMBER' AS type, id FROM members WHERE login_id = ?",
        [filter.actor, filter.actor],
      );
      if (actors.length === 0) return { items: [] };
      where.push(`(${actors.map(() => '(e.actor_type = ? AND e.actor_id = ?)').join(' OR ')})`);
      for (const actor of actors) params.push(actor.type, String(actor.id));
    }
    if (filter.target) {
      const target = filter.target.trim();
      if (/^\d{4}$/.test(target)) {
        where.push("e.target_type = 'CARD' AND e.target_id IN (SELECT CAST(id AS CHAR) FROM cards WHERE last4 = ?)");
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
      params.push(startOfBusinessDay(filter.from, this.timeZone));
    }
    if (filter.to) {
      where.push('e.occurred_at < ?');
      params.push(startOfBusinessDay(nextDate(filter.to), this.timeZone));
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
   * Seals what has committed, then walks every chain from its base (or, with `since: 'checkpoint'`, from the last
   * verified checkpoint: the cost is then that of the events appended since) and recomputes each hash;
   * reports the first broken event, an event whose append MAC does not verify, or one left unsealed past the
   * sealing bound. Rows stream in one REPEATABLE READ snapshot (flat memory, rows and heads consistent while appends
   * go on). A success is recorded as a signed verified checkpoint when AUDIT_CHECKPOINT_DIR is set.
   */
  async verify(options: { since?: 'checkpoint' } = {}): Promise<AuditVerification> {
    const sealedFrom = this.clock.now().getTime();
    await this.sealCommitted('verification');
    // read before the snapshot starts, so every head a checkpoint names is committed and visible in it
    const checkpoints = await this.readCheckpoints();
    if ('broken' in checkpoints) return { ok: false, checked: 0, brokenAt: checkpoints.broken };
    const from = options.since === 'checkpoint' ? checkpoints.verified : new Map<number, { seq: number; hash: string }>();
    const runner = this.dataSource.createQueryRunner();
    let outcome: { result: AuditVerification; heads: Checkpoint['heads'] };
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      outcome = await this.verifyIn(runner, checkpoints.latest, from, sealedFrom);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
    if (outcome.result.ok && this.config.auditCheckpointDir) await this.appendCheckpoint(outcome.heads, true);
    return outcome.result;
  }

  private async verifyIn(
    runner: QueryRunner, latest: Map<number, { seq: number; hash: string }>, from: Map<number, { seq: number; hash: string }>, sealedFrom: number,
  ): Promise<{ result: AuditVerification; heads: Checkpoint['heads'] }> {
    const heads = await select<ChainHeadRow>(runner, 'SELECT chain, seq, hash, base_seq, base_hash, base_sig FROM audit_chain_heads ORDER BY chain');
    const { walks, resumed } = await this.startWalks(runner, heads, latest, from);
    if (resumed) {
      // what is new since a verified checkpoint: each chain from its resume point, in seq order
      for (const walk of walks) await this.walkInSeqOrder(runner, walk);
    } else {
      const overflowed = await this.walkInIdOrder(runner, walks);
      if (overflowed.length > 0) {
        this.logger.warn({ chains: overflowed }, 'audit chains far out of id order: verified again in seq order');
        const again = (await this.startWalks(runner, heads, latest, from)).walks;
        for (const chain of overflowed) {
          walks[chain] = again[chain]!;
          await this.walkInSeqOrder(runner, again[chain]!);
        }
      }
    }
    // the first failure in chain order, with the events verified before it (as a walk chain by chain counts them)
    let checked = 0;
    const verifiedHeads: Checkpoint['heads'] = [];
    for (const walk of walks) {
      const head = heads.find((row) => Number(row.chain) === walk.chain);
      checked += walk.checked;
      const brokenAt = walk.finish(head ? { seq: Number(head.seq), hash: head.hash } : { seq: -1, hash: GENESIS_HASH });
      if (brokenAt) return { result: { ok: false, checked, brokenAt: { chain: walk.chain, ...brokenAt } }, heads: verifiedHeads };
      verifiedHeads.push(walk.headReached);
    }
    // what the sealer did not chain: a forged event (no valid append MAC) at once, a stuck one after the bound
    const unsealed = await select<AuditRow>(runner, `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE chain IS NULL ORDER BY id LIMIT 1000`);
    // everything committed before the seal above is sealed; an event older than the bound before it was not
    const bound = sealedFrom - AUDIT_SEAL_BOUND_MS;
    for (const row of unsealed) {
      const brokenAt = (reason: NonNullable<AuditVerification['brokenAt']>['reason']) =>
        ({ result: { ok: false, checked, brokenAt: { chain: -1, eventId: String(row.id), reason } }, heads: verifiedHeads });
      if (!appendMacValid(auditKeyFor(this.config.keys, row.key_id), row.key_id, row)) return brokenAt('HASH_MISMATCH');
      if (row.occurred_at.getTime() < bound) return brokenAt('UNSEALED');
    }
    return { result: { ok: true, checked }, heads: verifiedHeads };
  }

  /**
   * Where each chain's walk starts: its signed base (events before it are archived), or a later verified
   * checkpoint; a chain whose head, base or resume point does not hold is refused before any event is read.
   */
  private async startWalks(
    runner: QueryRunner, heads: ChainHeadRow[], latest: Map<number, { seq: number; hash: string }>, from: Map<number, { seq: number; hash: string }>,
  ): Promise<{ walks: ChainWalk[]; resumed: boolean }> {
    const walks: ChainWalk[] = [];
    let resumed = false;
    for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
      const refused = (eventId: string, reason: BreakReason) => {
        const walk = new ChainWalk({ chain, afterSeq: 0, prevHash: GENESIS_HASH });
        walk.refuse(eventId, reason);
        walks.push(walk);
      };
      const head = heads.find((row) => Number(row.chain) === chain);
      if (!head) {
        refused(`head:${chain}`, 'SEQUENCE_GAP');
        continue;
      }
      let afterSeq = Number(head.base_seq);
      let prevHash: Buffer = GENESIS_HASH;
      if (afterSeq > 0) {
        if (!head.base_hash || !head.base_sig || !verify(null, baseMessage(chain, afterSeq, head.base_hash), this.verifyingKey, head.base_sig)) {
          refused(`base:${chain}`, 'HASH_MISMATCH');
          continue;
        }
        prevHash = head.base_hash;
      }
      const resume = from.get(chain);
      if (resume && resume.seq > afterSeq) {
        resumed = true;
        const [row] = await select<{ hash: Buffer | null }>(runner, 'SELECT hash FROM audit_events WHERE chain = ? AND seq = ?', [chain, resume.seq]);
        if (!row?.hash || row.hash.toString('hex') !== resume.hash) {
          refused(`checkpoint-head:${chain}`, 'HASH_MISMATCH');
          continue;
        }
        afterSeq = resume.seq;
        prevHash = row.hash;
      }
      walks.push(new ChainWalk({ chain, afterSeq, prevHash, anchor: latest.get(chain) }));
    }
    return { walks, resumed };
  }

  /**
   * The whole log in one scan of the primary key. Chains whose events arrive too far out of seq order to hold
   * (more than heldEventsMax waiting in all) are given up and returned, to be walked in seq order instead.
   */
  private async walkInIdOrder(runner: QueryRunner, walks: ChainWalk[]): Promise<number[]> {
    const overflowed = new Set<number>();
    let holding = 0;
    await forEachRow<VerifiedRow>(
      await runner.stream(`SELECT ${VERIFIED_COLUMNS} FROM audit_events FORCE INDEX (PRIMARY) WHERE chain IS NOT NULL ORDER BY id`),
      (row) => {
        const walk = walks[row.chain!];
        if (!walk || walk.done) return;
        const before = walk.holding;
        walk.add(Number(row.seq), this.linkOf(row));
        holding += walk.holding - before;
        if (holding > this.heldEventsMax) {
          const worst = walks.reduce((a, b) => (b.holding > a.holding ? b : a));
          overflowed.add(worst.chain);
          holding -= worst.holding;
          worst.refuse('overflow', 'SEQUENCE_GAP');
        }
      },
    );
    return [...overflowed].sort((a, b) => a - b);
  }

  private async walkInSeqOrder(runner: QueryRunner, walk: ChainWalk): Promise<void> {
    if (walk.done) return;
    await forEachRow<VerifiedRow>(
      await runner.stream(`SELECT ${VERIFIED_COLUMNS} FROM audit_events WHERE chain = ? AND seq > ? ORDER BY seq`, [walk.chain, walk.afterSeq]),
      (row) => {
        if (!walk.done) walk.add(Number(row.seq), this.linkOf(row), true);
      },
    );
  }

  /** the event's chain MAC, checked against the previous hash it stores (its link is the walk's to check) */
  private linkOf(row: VerifiedRow): ChainLink {
    const key = auditKeyFor(this.config.keys, row.key_id);
    const macValid = key !== undefined && row.hash !== null && row.prev_hash !== null
      && storedAuditMac(key, row.key_id!, row.prev_hash, row).equals(row.hash);
    return { eventId: String(row.id), prevHash: row.prev_hash, hash: row.hash, macValid };
  }

  /** Seals what has committed and appends the signed heads of every chain to the checkpoint file (nothing when they have not moved). */
  async writeCheckpoint(): Promise<void> {
    const dir = this.config.auditCheckpointDir;
    if (!dir) return;
    await this.sealCommitted('checkpoint');
    const rows = await select<{ chain: number; seq: number; hash: Buffer }>(this.dataSource, 'SELECT chain, seq, hash FROM audit_chain_heads ORDER BY chain');
    const heads = rows.map((row): Checkpoint['heads'][number] => [Number(row.chain), Number(row.seq), row.hash.toString('hex')]);
    const state = JSON.stringify(heads);
    if (state === this.lastCheckpoint) return;
    await this.appendCheckpoint(heads, false);
    this.lastCheckpoint = state;
  }

  /** Seals everything committed so far (a backlog takes several passes); a failure is logged, verification then reports it. */
  private async sealCommitted(before: string): Promise<void> {
    try {
      while ((await this.sealer.sealPending()) === AUDIT_SEAL_BATCH) { /* backlog */ }
    } catch (error) {
      this.logger.warn({ errorCode: (error as { code?: string })?.code }, `audit sealing before the ${before} failed`);
    }
  }

  private async appendCheckpoint(heads: Checkpoint['heads'], verified: boolean): Promise<void> {
    const unsigned = { v: 1 as const, at: this.clock.now().toISOString(), heads, ...(verified ? { verified: true } : {}) };
    const sig = sign(null, Buffer.from(JSON.stringify(unsigned)), this.signingKey).toString('base64');
    await appendFile(join(this.config.auditCheckpointDir!, CHECKPOINT_FILE), `${JSON.stringify({ ...unsigned, sig })}\n`, { mode: 0o600, flag: 'a' });
  }

  /**
   * Every line read must carry a valid signature; per chain, the furthest head any of them names, and the
   * furthest that a successful verification named (where `since: 'checkpoint'` resumes).
   */
  private async readCheckpoints(): Promise<
    { latest: Map<number, { seq: number; hash: string }>; verified: Map<number, { seq: number; hash: string }> } | { broken: NonNullable<AuditVerification['brokenAt']> }
  > {
    const latest = new Map<number, { seq: number; hash: string }>();
    const verified = new Map<number, { seq: number; hash: string }>();
    const dir = this.config.auditCheckpointDir;
    if (!dir) return { latest, verified };
    const tail = await readTail(join(dir, CHECKPOINT_FILE), CHECKPOINT_TAIL_BYTES);
    if (tail === undefined) return { latest, verified };
    const lines = tail.text.split('\n');
    // a tail read from the middle of the file starts inside a line
    const first = tail.fromStart ? 0 : 1;
    for (let index = first; index < lines.length; index += 1) {
      const line = lines[index]!;
      if (line === '') continue;
      const lineNumber = tail.fromStart ? String(index + 1) : `-${lines.length - index - 1}`;
      const broken = { broken: { chain: -1, eventId: `checkpoint:${lineNumber}`, reason: 'HASH_MISMATCH' as const } };
      let checkpoint: Checkpoint;
      try {
        checkpoint = JSON.parse(line) as Checkpoint;
      } catch {
        return broken;
      }
      const { sig, ...unsigned } = checkpoint;
      if (typeof sig !== 'string' || !verify(null, Buffer.from(JSON.stringify(unsigned)), this.verifyingKey, Buffer.from(sig, 'base64'))) return broken;
      for (const [chain, seq, hash] of checkpoint.heads) {
        if (seq > (latest.get(chain)?.seq ?? -1)) latest.set(chain, { seq, hash });
        if (checkpoint.verified && seq > (verified.get(chain)?.seq ?? -1)) verified.set(chain, { seq, hash });
      }
    }
    return { latest, verified };
  }

  /**
   * Events written before the chain was keyed (key_id NULL, always the start of a chain) are checked with plain
   * SHA-256 and sealed again with the audit key, once, at start. A chain whose legacy part does not verify is
   * left as it is, so that verification reports it. Never a chain that a checkpoint already names: the upgrade
   * happened before its first checkpoint, so unkeyed events there are a rewrite (a DBA could otherwise wipe the
   * key ids, recompute SHA-256 and wait for a restart to have the forgery sealed).
   */
  private async sealLegacyChains(): Promise<void> {
    const { auditKey, auditKeyId } = this.config.keys;
    const checkpoints = await this.readCheckpoints();
    const anchored = 'latest' in checkpoints ? checkpoints.latest : undefined;
    for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
      if (!anchored || anchored.has(chain)) continue;
      const first = await selectOne<{ key_id: string | null }>(this.dataSource, 'SELECT key_id FROM audit_events WHERE chain = ? AND seq = 1', [chain]);
      if (!first || first.key_id !== null) continue;
      await this.dataSource.transaction(async (manager) => {
        await selectOne(manager, 'SELECT seq FROM audit_chain_heads WHERE chain = ? FOR UPDATE', [chain]);
        const rows = await select<AuditRow>(manager, `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE chain = ? ORDER BY seq`, [chain]);
        if (rows[0]?.key_id !== null) return; // another instance sealed it meanwhile
        let oldPrev: Buffer = GENESIS_HASH;
        let newPrev: Buffer = GENESIS_HASH;
        for (const [index, row] of rows.entries()) {
          const key = auditKeyFor(this.config.keys, row.key_id);
          const intact = Number(row.seq) === index + 1 && row.prev_hash?.equals(oldPrev) &&
            (row.key_id === null ? auditHash(oldPrev, chained(row)) : key && auditMac(key, row.key_id, oldPrev, chained(row)))?.equals(row.hash!);
          if (!intact) {
            this.logger.error({ chain, eventId: String(row.id) }, 'audit chain broken before sealing; left unsealed');
            throw new Error('audit chain broken');
          }
          const hash = auditMac(auditKey, auditKeyId, newPrev, chained(row));
          await execute(manager, 'UPDATE audit_events SET prev_hash = ?, hash = ?, key_id = ? WHERE id = ?', [newPrev, hash, auditKeyId, row.id]);
          oldPrev = row.hash!;
          newPrev = hash;
        }
        await execute(manager, 'UPDATE audit_chain_heads SET hash = ? WHERE chain = ?', [newPrev, chain]);
        this.logger.log(`sealed ${rows.length} earlier events of audit chain ${chain} with key ${auditKeyId}`);
      }).catch((error: Error) => {
        if (error.message !== 'audit chain broken') throw error;
      });
    }
  }
}

/** The columns an unsealed event is inserted with (AuditService.prepare gives the values in this order). */
export const AUDIT_APPEND_COLUMNS = 'occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, append_mac, key_id';

/** What a chain base's signature covers. */
export function baseMessage(chain: number, seq: number, hash: Buffer): Buffer {
  return Buffer.from(`audit-base\n${chain}\n${seq}\n${hash.toString('hex')}`);
}

function chained(row: AuditRow) {
  return { ...row, chain: Number(row.chain), seq: Number(row.seq) };
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

/** The last `bytes` of a file (all of it when smaller), or undefined when there is no file. */
async function readTail(file: string, bytes: number): Promise<{ text: string; fromStart: boolean } | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return { text: buffer.toString('utf8'), fromStart: start === 0 };
  } finally {
    await handle.close();
  }
}
