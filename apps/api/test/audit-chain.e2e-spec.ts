/**
 * The audit chain is keyed (HMAC under AUDIT_KEY, outside the database) and anchored outside the database
 * (signed checkpoints in AUDIT_CHECKPOINT_DIR): what a DBA can do to the tables is detected.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '../src/modules/audit/audit.service.js';
import { sealAudit } from './support/audit.js';
import { signupPayload, staffLogin } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'corpweb-audit-'));
let h: TestApp;
beforeAll(async () => { h = await startTestApp({ AUDIT_CHECKPOINT_DIR: dir }); });
afterAll(async () => { await h.close(); });

const GENESIS = Buffer.alloc(32, 0);

/** What anyone with database access can compute: the pre-issue-10 chain, plain SHA-256. */
function sha256Link(prev: Buffer, row: any): Buffer {
  const canonical = JSON.stringify([
    row.chain, Number(row.seq), new Date(row.occurred_at).toISOString(), row.actor_type, row.actor_id, row.action,
    row.target_type, row.target_id, row.ip, row.user_agent, row.detail,
  ]);
  return createHash('sha256').update(prev).update(canonical).digest();
}

/** Rewrites a whole chain the way a DBA could: every hash recomputed with plain SHA-256, the head moved along. */
async function recomputeChainWithSha256(chain: number, keyId: string | null): Promise<void> {
  const rows = await h.db.query('SELECT * FROM audit_events WHERE chain = ? ORDER BY seq', [chain]);
  let prev: Buffer = GENESIS;
  for (const row of rows) {
    const hash = sha256Link(prev, row);
    await h.db.query('UPDATE audit_events SET prev_hash = ?, hash = ?, key_id = ? WHERE id = ?', [prev, hash, keyId, row.id]);
    prev = hash;
  }
  await h.db.query('UPDATE audit_chain_heads SET hash = ? WHERE chain = ?', [prev, chain]);
}

async function approveOne(): Promise<{ staff: Awaited<ReturnType<typeof staffLogin>>; event: any }> {
  const staff = await staffLogin(h);
  const { body } = await h.client().post('/api/v1/signup-applications', signupPayload());
  expect((await staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/approval`)).status).toBe(200);
  await sealAudit(h);
  const [event] = await h.db.query("SELECT * FROM audit_events WHERE action = 'APPLICATION_APPROVED' AND target_id = ?", [body.applicationId]);
  return { staff, event };
}

async function snapshotChain(chain: number): Promise<{ rows: any[]; head: any }> {
  const rows = await h.db.query('SELECT * FROM audit_events WHERE chain = ? ORDER BY seq', [chain]);
  const [head] = await h.db.query('SELECT * FROM audit_chain_heads WHERE chain = ?', [chain]);
  return { rows, head };
}

async function restoreChain(chain: number, saved: { rows: any[]; head: any }): Promise<void> {
  await h.db.query('DELETE FROM audit_events WHERE chain = ?', [chain]);
  for (const row of saved.rows) {
    const columns = Object.keys(row);
    await h.db.query(`INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c]));
  }
  await h.db.query('UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [saved.head.seq, saved.head.hash, chain]);
}

describe('a DBA rewrite of the audit chain is detected', () => {
  it('an edited APPLICATION_APPROVED event with its chain recomputed in plain SHA-256 fails verification', async () => {
    const { staff, event } = await approveOne();
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
    const saved = await snapshotChain(event.chain);
    await h.db.query('UPDATE audit_events SET actor_id = ? WHERE id = ?', ['999', event.id]);
    // with its key id kept, and with the key id wiped as if it were an event from before the key
    for (const keyId of [event.key_id, null]) {
      await recomputeChainWithSha256(event.chain, keyId);
      const verification = await staff.get('/api/v1/backoffice/audit-events/verification');
      expect(verification.status).toBe(200);
      expect(verification.body).toMatchObject({ ok: false, brokenAt: { chain: event.chain, reason: 'HASH_MISMATCH' } });
      expect(Object.keys(verification.body).sort()).toEqual(['brokenAt', 'checked', 'ok']);
    }
    await restoreChain(event.chain, saved);
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
  });

  it('a tail cut off with its head set back (which the key alone cannot show) contradicts the signed checkpoint', async () => {
    const { staff } = await approveOne();
    await h.app.get(AuditService).writeCheckpoint();
    // the longest chain, so that it has a tail and an event before it
    const [{ chain }] = await h.db.query('SELECT chain FROM audit_chain_heads ORDER BY seq DESC LIMIT 1');
    const saved = await snapshotChain(chain);
    expect(saved.rows.length).toBeGreaterThan(1);
    const last = saved.rows.at(-1);
    const previous = saved.rows.at(-2);
    try {
      await h.db.query('DELETE FROM audit_events WHERE id = ?', [last.id]);
      await h.db.query('UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [previous.seq, previous.hash, chain]);
      const verification = await staff.get('/api/v1/backoffice/audit-events/verification');
      const anchors = readFileSync(join(dir, 'audit-checkpoints.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line).heads[chain]);
      expect({ body: verification.body, cut: [last.seq, previous.seq], anchors })
        .toMatchObject({ body: { ok: false, brokenAt: { chain, eventId: `head:${chain}`, reason: 'SEQUENCE_GAP' } } });
    } finally {
      await restoreChain(chain, saved);
    }
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
  });

  it('checkpoints are signed: an edited checkpoint line fails verification', async () => {
    const { staff } = await approveOne();
    await h.app.get(AuditService).writeCheckpoint();
    const file = join(dir, 'audit-checkpoints.jsonl');
    const original = readFileSync(file, 'utf8');
    const lines = original.trimEnd().split('\n');
    const forged = JSON.parse(lines.at(-1)!);
    forged.heads[0][1] += 1000;
    writeFileSync(file, [...lines.slice(0, -1), JSON.stringify(forged)].join('\n') + '\n');
    const verification = await staff.get('/api/v1/backoffice/audit-events/verification');
    expect(verification.body).toMatchObject({ ok: false, brokenAt: { eventId: `checkpoint:${lines.length}`, reason: 'HASH_MISMATCH' } });
    writeFileSync(file, original);
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
  });
});

describe('a whole-log scan in id order', () => {
  it('verifies events whose seq order is not their id order (a late commit), in one scan or chain by chain, and names an edit among them', async () => {
    await approveOne();
    const { staff } = await approveOne();
    const audit = h.app.get(AuditService);
    const [{ chain }] = await h.db.query('SELECT chain FROM audit_events WHERE chain IS NOT NULL GROUP BY chain ORDER BY COUNT(*) DESC LIMIT 1');
    const rows: { id: number; seq: number }[] = await h.db.query('SELECT id, seq FROM audit_events WHERE chain = ? ORDER BY seq', [chain]);
    expect(rows.length).toBeGreaterThan(5);
    const before = (await staff.get('/api/v1/backoffice/audit-events/verification')).body;
    expect(before).toMatchObject({ ok: true });
    // the id is not covered by the MAC: the chain's ids reversed make its last event come first in the scan
    const reverse = async (list: { id: number }[]) => {
      await h.db.query('UPDATE audit_events SET id = id + 1000000000 WHERE chain = ?', [chain]);
      for (const [index, row] of list.entries()) {
        await h.db.query('UPDATE audit_events SET id = ? WHERE id = ?', [list[list.length - 1 - index]!.id, row.id + 1000000000]);
      }
    };
    await reverse(rows);
    try {
      const [last] = await h.db.query('SELECT id FROM audit_events WHERE chain = ? ORDER BY seq DESC LIMIT 1', [chain]);
      expect(Number(last.id)).toBe(Number(rows[0]!.id));
      for (const held of [audit.heldEventsMax, 1]) {
        audit.heldEventsMax = held; // 1: the scan gives the chain up and walks it in seq order
        expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toEqual({ ok: true, checked: before.checked });
      }
      audit.heldEventsMax = 50_000;
      const [victim] = await h.db.query('SELECT id, detail FROM audit_events WHERE chain = ? ORDER BY seq LIMIT 1 OFFSET 3', [chain]);
      await h.db.query('UPDATE audit_events SET detail = ? WHERE id = ?', ['{"forged":true}', victim.id]);
      for (const held of [50_000, 1]) {
        audit.heldEventsMax = held;
        expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body)
          .toMatchObject({ ok: false, brokenAt: { chain, eventId: String(victim.id), reason: 'HASH_MISMATCH' } });
      }
      await h.db.query('UPDATE audit_events SET detail = ? WHERE id = ?', [victim.detail, victim.id]);
    } finally {
      audit.heldEventsMax = 50_000;
      const now: { id: number }[] = await h.db.query('SELECT id FROM audit_events WHERE chain = ? ORDER BY seq', [chain]);
      await reverse(now);
    }
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
  });
});

describe('the checkpoint file', () => {
  it('is read from its newest megabyte only: what lies before it is not parsed', async () => {
    const { staff } = await approveOne();
    await h.app.get(AuditService).writeCheckpoint();
    const file = join(dir, 'audit-checkpoints.jsonl');
    const original = readFileSync(file, 'utf8');
    // junk at the start, then more than a megabyte of valid (repeated, signed) lines
    const last = `${original.trimEnd().split('\n').at(-1)}\n`;
    writeFileSync(file, `${'not json, not signed\n'.repeat(10_000)}${last.repeat(Math.ceil((1024 * 1024) / last.length) + 10)}`);
    try {
      expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('events from before the key (plain SHA-256, key_id NULL)', () => {
  it('are sealed with the key at start when no checkpoint names their chain yet (the upgrade)', async () => {
    const isolated = mkdtempSync(join(tmpdir(), 'corpweb-audit-'));
    const [{ chain }] = await h.db.query('SELECT chain FROM audit_events ORDER BY id DESC LIMIT 1');
    const saved = await snapshotChain(chain);
    await recomputeChainWithSha256(chain, null);
    const upgraded = await startTestApp({ AUDIT_CHECKPOINT_DIR: isolated }, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      const [{ legacy }] = await upgraded.db.query('SELECT COUNT(*) AS legacy FROM audit_events WHERE key_id IS NULL');
      expect(Number(legacy)).toBe(0);
      expect((await (await staffLogin(upgraded)).get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
    } finally {
      await upgraded.close();
    }
    await restoreChain(chain, saved);
  });

  it('are not sealed, and fail verification, once a checkpoint names their chain (a rewrite, not an upgrade)', async () => {
    await h.app.get(AuditService).writeCheckpoint();
    const [{ chain }] = await h.db.query('SELECT chain FROM audit_events ORDER BY id DESC LIMIT 1');
    const saved = await snapshotChain(chain);
    await recomputeChainWithSha256(chain, null);
    const restarted = await startTestApp({ AUDIT_CHECKPOINT_DIR: dir }, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      const [{ legacy }] = await restarted.db.query('SELECT COUNT(*) AS legacy FROM audit_events WHERE chain = ? AND key_id IS NULL', [chain]);
      expect(Number(legacy)).toBeGreaterThan(0);
      const verification = await (await staffLogin(restarted)).get('/api/v1/backoffice/audit-events/verification');
      expect(verification.body).toMatchObject({ ok: false, brokenAt: { chain, reason: 'HASH_MISMATCH' } });
    } finally {
      await restarted.close();
      await restoreChain(chain, saved);
    }
  });
});

describe('audit keys rotate', () => {
  it('after a rotation events of the old key verify with AUDIT_PREVIOUS_KEYS, and not without', async () => {
    await approveOne();
    const oldKey = Buffer.alloc(32, 5).toString('base64');
    const newKey = createHash('sha256').update('rotated audit key').digest('base64');
    const rotated = await startTestApp({ AUDIT_KEY: newKey, AUDIT_KEY_ID: 'a2', AUDIT_PREVIOUS_KEYS: `a1:${oldKey}` }, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      const staff = await staffLogin(rotated);
      expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
      const [{ n }] = await rotated.db.query("SELECT COUNT(*) AS n FROM audit_events WHERE key_id = 'a2'");
      expect(Number(n)).toBeGreaterThan(0);
    } finally {
      await rotated.close();
    }
    const forgetful = await startTestApp({ AUDIT_KEY: newKey, AUDIT_KEY_ID: 'a2' }, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      const verification = await (await staffLogin(forgetful)).get('/api/v1/backoffice/audit-events/verification');
      expect(verification.body).toMatchObject({ ok: false, brokenAt: { reason: 'HASH_MISMATCH' } });
    } finally {
      await forgetful.close();
    }
  });
});
