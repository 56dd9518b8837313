/**
 * What an audit event's hashes cover, in one place for the appender, the sealer, the verifier and the archive.
 * - append MAC (while unsealed): HMAC under the audit key of a random nonce and the content, so an event a DBA
 *   inserts without the key is never sealed;
 * - chain MAC (sealed): HMAC of the key id, the previous event's hash and the content with its chain and seq.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hmacSha256 } from '../../common/crypto/hmac-sha256.js';
import { isoTimeOf } from '../../common/database/sql.js';
import type { Keys } from '../../config/app-config.js';
export { AUDIT_CHAINS, GENESIS_HASH } from './audit-chains.js';

export interface AuditRow {
  id: number;
  chain: number | null;
  seq: number | null;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: string | null;
  prev_hash: Buffer | null;
  hash: Buffer | null;
  key_id: string | null;
  append_mac: Buffer | null;
}

/** The columns a sealed event's chain MAC covers. */
export type AuditContent = Pick<AuditRow, 'occurred_at' | 'actor_type' | 'actor_id' | 'action' | 'target_type' | 'target_id' | 'ip' | 'user_agent' | 'detail'>;
export type ChainedContent = AuditContent & { chain: number; seq: number | string };

/** Columns read to verify or archive (everything but the labels joined for people). */
export const CHAIN_COLUMNS = 'id, chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, prev_hash, hash, key_id, append_mac';

function content(row: AuditContent): unknown[] {
  return [row.occurred_at.toISOString(), row.actor_type, row.actor_id, row.action, row.target_type, row.target_id, row.ip, row.user_agent, row.detail];
}

/** `[chain, seq, ...content]`, written out: the spread of content() cost a tenth of verification's time */
function canonical(row: Omit<ChainedContent, 'occurred_at'>, occurredIso: string): string {
  return JSON.stringify([
    row.chain, Number(row.seq), occurredIso, row.actor_type, row.actor_id, row.action, row.target_type, row.target_id, row.ip, row.user_agent, row.detail,
  ]);
}

/**
 * A sealed event as verification reads it (VERIFIED_COLUMNS): its time comes as the text `toISOString()` gives,
 * formatted by MariaDB from the DATETIME(3), so the hot loop neither parses a date nor formats it back.
 */
export type StoredChainedContent = Omit<ChainedContent, 'occurred_at'> & { occurred_iso: string };

/** What verification reads of an event: the chain MAC's columns, the time as ISO text, no append MAC. */
export const VERIFIED_COLUMNS =
  `id, chain, seq, ${isoTimeOf('occurred_at')} AS occurred_iso, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, prev_hash, hash, key_id`;

/** The chain before it was keyed (events with key_id NULL): plain SHA-256, which anyone can recompute. */
export function auditHash(prevHash: Buffer, row: ChainedContent): Buffer {
  return createHash('sha256').update(prevHash).update(canonical(row, row.occurred_at.toISOString())).digest();
}

/** The keyed chain: HMAC-SHA256 under the audit key named by keyId, over the key id, the link and the content. */
export function auditMac(key: Buffer, keyId: string, prevHash: Buffer, row: ChainedContent): Buffer {
  return hmacSha256(key)(`${keyId}\n`, prevHash, canonical(row, row.occurred_at.toISOString()));
}

/** auditMac of an event read with VERIFIED_COLUMNS */
export function storedAuditMac(key: Buffer, keyId: string, prevHash: Buffer, row: StoredChainedContent): Buffer {
  return hmacSha256(key)(`${keyId}\n`, prevHash, canonical(row, row.occurred_iso));
}

function appendMacOf(key: Buffer, keyId: string, nonce: Buffer, row: AuditContent): Buffer {
  return hmacSha256(key)(`append\n${keyId}\n`, nonce, JSON.stringify(content(row)));
}

/** nonce (16 bytes) ‖ HMAC: the nonce keeps two identical events apart, so the UNIQUE key refuses only copies */
export function newAppendMac(key: Buffer, keyId: string, row: AuditContent): Buffer {
  const nonce = randomBytes(16);
  return Buffer.concat([nonce, appendMacOf(key, keyId, nonce, row)]);
}

export function appendMacValid(key: Buffer | undefined, keyId: string | null, row: AuditContent & { append_mac: Buffer | null }): boolean {
  if (!key || keyId === null || row.append_mac?.length !== 48) return false;
  return timingSafeEqual(appendMacOf(key, keyId, row.append_mac.subarray(0, 16), row), row.append_mac.subarray(16));
}

/** The audit key named by an event (the current one or an earlier one kept for verification). */
export function auditKeyFor(keys: Keys, keyId: string | null): Buffer | undefined {
  if (keyId === null) return undefined;
  if (keyId === keys.auditKeyId) return keys.auditKey;
  return keys.auditPreviousKeys[keyId];
}
