/**
 * Audit retention (issue 15, PCI DSS 10.5.1: at least 12 months). Every AUDIT_RETENTION_INTERVAL_MS, one instance
 * (the `audit-retention` lease) exports the sealed events older than AUDIT_RETENTION_MONTHS to a signed archive
 * file in AUDIT_ARCHIVE_DIR, then deletes them. Each chain keeps a signed base (the seq and hash of its last
 * archived event), so the database part still verifies on its own and the archive continues exactly where it ends.
 * - The archive: JSON lines, one per event (every column, hashes in hex), then a manifest that gives, per chain,
 *   the first and last seq and the hash before the first, the SHA-256 of the event lines, and an Ed25519
 *   signature (AUDIT_SIGNING_KEY, the key of the checkpoints). `verifyArchive` checks the signature, the digest
 *   and every link and MAC inside.
 * - The file is written, flushed and renamed into place before anything is deleted; each chain's deletion and its
 *   new base commit together, in batches. A run that stops midway leaves a verifiable state.
 * - Per chain only a prefix goes: up to the first event that is still inside the retention period.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { execute, select, selectOne } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AUDIT_CHAINS, CHAIN_COLUMNS, GENESIS_HASH, auditKeyFor, auditMac, type AuditRow } from './audit-chain.js';
import { AuditLeasesRepository } from './audit-leases.repository.js';
import { AuditSealer } from './audit-sealer.service.js';
import { AuditService, baseMessage } from './audit.service.js';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const LEASE_TTL_MS = 10 * 60_000;
const DELETE_BATCH = 5000;

interface ArchivedChain { chain: number; fromSeq: number; toSeq: number; prevHash: string; lastHash: string }
interface Manifest { v: 1; type: 'manifest'; createdAt: string; cutoff: string; events: number; chains: ArchivedChain[]; sha256: string; sig?: string }

export type ArchiveCheck = { ok: true; events: number } | { ok: false; line: number; reason: 'SIGNATURE' | 'DIGEST' | 'LINK_BROKEN' | 'HASH_MISMATCH' | 'FORMAT' };

/** `months` calendar months before `date` (the end of a shorter month when the day does not exist) */
export function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

function lineOf(row: AuditRow): string {
  return JSON.stringify({
    id: Number(row.id), chain: Number(row.chain), seq: Number(row.seq), occurred_at: row.occurred_at.toISOString(), actor_type: row.actor_type,
    actor_id: row.actor_id, action: row.action, target_type: row.target_type, target_id: row.target_id, ip: row.ip, user_agent: row.user_agent,
    detail: row.detail, prev_hash: row.prev_hash!.toString('hex'), hash: row.hash!.toString('hex'), key_id: row.key_id,
  });
}

@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditRetention');
  private readonly holder = `${process.pid}:${randomUUID()}`;
  private readonly signingKey: KeyObject;
  private readonly verifyingKey: KeyObject;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leases: AuditLeasesRepository,
    private readonly sealer: AuditSealer,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.signingKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, config.keys.auditSigningKey]), format: 'der', type: 'pkcs8' });
    this.verifyingKey = createPublicKey(this.signingKey);
  }

  onApplicationBootstrap(): void {
    if (!this.config.auditArchiveDir) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.archiveExpired().catch((error: { code?: string }) => this.logger.error({ errorCode: error?.code }, 'audit retention run failed'))
        .finally(() => { this.running = undefined; });
    }, this.config.auditRetentionIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One retention run: the archive written (undefined when nothing is old enough or another instance runs). */
  async archiveExpired(): Promise<{ file: string; events: number } | undefined> {
    const dir = this.config.auditArchiveDir;
    if (!dir) return undefined;
    if (!(await this.leases.take('audit-retention', this.holder, LEASE_TTL_MS))) return undefined;
    try {
      await this.sealer.sealPending();
      const now = this.clock.now();
      const cutoff = monthsBefore(now, this.config.auditRetentionMonths);
      const ranges: { chain: number; base: number; baseHash: Buffer; upTo: number }[] = [];
      for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
        const head = await selectOne<{ seq: number; base_seq: number; base_hash: Buffer | null }>(
          this.dataSource, 'SELECT seq, base_seq, base_hash FROM audit_chain_heads WHERE chain = ?', [chain],
        );
        if (!head) continue;
        const base = Number(head.base_seq);
        const [recent] = await select<{ first: number | null }>(
          this.dataSource, 'SELECT MIN(seq) AS first FROM audit_events WHERE chain = ? AND seq > ? AND occurred_at >= ?', [chain, base, cutoff],
        );
        const upTo = recent?.first ? Number(recent.first) - 1 : Number(head.seq);
        if (upTo > base) ranges.push({ chain, base, baseHash: head.base_hash ?? GENESIS_HASH, upTo });
      }
      if (ranges.length === 0) return undefined;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `audit-archive-${now.toISOString().replace(/[-:.]/g, '')}.jsonl`;
      const partial = join(dir, `${name}.partial`);
      const digest = createHash('sha256');
      const handle = await open(partial, 'wx', 0o600);
      const chains: ArchivedChain[] = [];
      let events = 0;
      try {
        for (const range of ranges) {
          let lastHash = range.baseHash;
          // streamed in pages: flat memory whatever the size of the backlog
          for (let from = range.base; from < range.upTo;) {
            const rows = await select<AuditRow>(
              this.dataSource, `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE chain = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT 5000`,
              [range.chain, from, range.upTo],
            );
            if (rows.length === 0) throw new Error(`audit chain ${range.chain} has a gap before seq ${range.upTo}`);
            const text = rows.map((row) => `${lineOf(row)}\n`).join('');
            digest.update(text);
            await handle.write(text);
            from = Number(rows.at(-1)!.seq);
            lastHash = rows.at(-1)!.hash!;
            events += rows.length;
          }
          chains.push({ chain: range.chain, fromSeq: range.base + 1, toSeq: range.upTo, prevHash: range.baseHash.toString('hex'), lastHash: lastHash.toString('hex') });
        }
        const unsigned: Manifest = { v: 1, type: 'manifest', createdAt: now.toISOString(), cutoff: cutoff.toISOString(), events, chains, sha256: digest.digest('hex') };
        const sig = sign(null, Buffer.from(JSON.stringify(unsigned)), this.signingKey).toString('base64');
        await handle.write(`${JSON.stringify({ ...unsigned, sig })}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const file = join(dir, name);
      await rename(partial, file);
      for (const archived of chains) await this.deleteArchived(archived);
      await this.audit.record({
        actorType: 'SYSTEM', action: 'AUDIT_ARCHIVED',
        detail: { events, file: basename(file), cutoff: cutoff.toISOString(), retentionMonths: this.config.auditRetentionMonths },
      });
      this.logger.log(`archived ${events} audit events older than ${cutoff.toISOString()} to ${basename(file)}`);
      return { file, events };
    } finally {
      await this.leases.release('audit-retention', this.holder).catch(() => undefined);
    }
  }

  /** Deletes an archived range in batches; each batch moves the chain's signed base in the same transaction. */
  private async deleteArchived(archived: ArchivedChain): Promise<void> {
    for (let done = archived.fromSeq - 1; done < archived.toSeq;) {
      const upTo = Math.min(done + DELETE_BATCH, archived.toSeq);
      await this.dataSource.transaction(async (manager) => {
        const head = await selectOne<{ base_seq: number }>(manager, 'SELECT base_seq FROM audit_chain_heads WHERE chain = ? FOR UPDATE', [archived.chain]);
        if (Number(head?.base_seq) !== done) throw new Error(`audit chain ${archived.chain}: base moved by another run`);
        const last = await selectOne<{ hash: Buffer }>(manager, 'SELECT hash FROM audit_events WHERE chain = ? AND seq = ?', [archived.chain, upTo]);
        if (!last) throw new Error(`audit chain ${archived.chain}: seq ${upTo} missing`);
        await execute(manager, 'DELETE FROM audit_events WHERE chain = ? AND seq > ? AND seq <= ?', [archived.chain, done, upTo]);
        await execute(
          manager, 'UPDATE audit_chain_heads SET base_seq = ?, base_hash = ?, base_sig = ? WHERE chain = ?',
          [upTo, last.hash, sign(null, baseMessage(archived.chain, upTo, last.hash), this.signingKey), archived.chain],
        );
      });
      done = upTo;
    }
  }

  /** Checks an archive file: its signature, the digest of its event lines, and every link and MAC inside it. */
  async verifyArchive(file: string): Promise<ArchiveCheck> {
    const digest = createHash('sha256');
    const chains = new Map<number, { seq: number; hash: string; first?: { seq: number; prev: string } }>();
    let lineNumber = 0;
    let manifest: Manifest | undefined;
    let events = 0;
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      lineNumber += 1;
      if (manifest) return { ok: false, line: lineNumber, reason: 'FORMAT' };
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { ok: false, line: lineNumber, reason: 'FORMAT' };
      }
      if (parsed.type === 'manifest') {
        manifest = parsed as unknown as Manifest;
        continue;
      }
      digest.update(`${line}\n`);
      const row = parsed as { chain: number; seq: number; occurred_at: string; prev_hash: string; hash: string; key_id: string | null } & Omit<AuditRow, 'occurred_at' | 'prev_hash' | 'hash'>;
      const state = chains.get(row.chain);
      if (state && (row.seq !== state.seq + 1 || row.prev_hash !== state.hash)) return { ok: false, line: lineNumber, reason: 'LINK_BROKEN' };
      const key = auditKeyFor(this.config.keys, row.key_id);
      const content = { ...row, occurred_at: new Date(row.occurred_at) };
      if (!key || auditMac(key, row.key_id!, Buffer.from(row.prev_hash, 'hex'), content).toString('hex') !== row.hash) {
        return { ok: false, line: lineNumber, reason: 'HASH_MISMATCH' };
      }
      chains.set(row.chain, { seq: row.seq, hash: row.hash, first: state?.first ?? { seq: row.seq, prev: row.prev_hash } });
      events += 1;
    }
    if (!manifest) return { ok: false, line: lineNumber, reason: 'FORMAT' };
    const { sig, ...unsigned } = manifest;
    if (typeof sig !== 'string' || !verify(null, Buffer.from(JSON.stringify(unsigned)), this.verifyingKey, Buffer.from(sig, 'base64'))) {
      return { ok: false, line: lineNumber, reason: 'SIGNATURE' };
    }
    if (manifest.sha256 !== digest.digest('hex') || manifest.events !== events) return { ok: false, line: lineNumber, reason: 'DIGEST' };
    for (const archived of manifest.chains) {
      const state = chains.get(archived.chain);
      if (!state?.first || state.first.seq !== archived.fromSeq || state.first.prev !== archived.prevHash || state.seq !== archived.toSeq || state.hash !== archived.lastHash) {
        return { ok: false, line: lineNumber, reason: 'LINK_BROKEN' };
      }
    }
    return { ok: true, events };
  }
}
