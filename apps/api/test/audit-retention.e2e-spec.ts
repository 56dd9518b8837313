/**
 * Audit retention (issue 15, PCI DSS 10.5.1) and the sealing window (issue 13), with the injected clock: events
 * older than 12 months go to a signed archive and leave the database, the chain still verifies from its signed
 * base, a tampered archive is detected, and so is an event cut off after the base or forged into the window.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRetention, monthsBefore } from '../src/modules/audit/audit-retention.service.js';
import { AuditService } from '../src/modules/audit/audit.service.js';
import { sealAudit } from './support/audit.js';
import { approvedMember, staffLogin } from './support/fixtures.js';
import { NOON_JST, startTestApp, type TestApp } from './support/test-app.js';

const checkpoints = mkdtempSync(join(tmpdir(), 'corpweb-audit-'));
const archives = mkdtempSync(join(tmpdir(), 'corpweb-archive-'));
let h: TestApp;
beforeAll(async () => { h = await startTestApp({ AUDIT_CHECKPOINT_DIR: checkpoints, AUDIT_ARCHIVE_DIR: archives }); });
afterAll(async () => { await h.close(); });

const count = async (sql: string, params: unknown[] = []) => Number((await h.db.query(sql, params))[0].n);

describe('audit retention', () => {
  it('archives what is older than 12 months to a signed file, deletes it, and the chain still verifies', async () => {
    h.clock.set(NOON_JST);
    await approvedMember(h); // events of more than a year ago
    await h.app.get(AuditService).writeCheckpoint();
    const old = await count('SELECT COUNT(*) AS n FROM audit_events');
    expect(old).toBeGreaterThan(5);
    expect(await h.app.get(AuditRetention).archiveExpired()).toBeUndefined(); // nothing is 12 months old yet

    h.clock.set(new Date(NOON_JST.getTime() + 400 * 86_400_000));
    const staff = await staffLogin(h); // events inside the period
    await sealAudit(h);
    const recent = await count('SELECT COUNT(*) AS n FROM audit_events');
    const run = await h.app.get(AuditRetention).archiveExpired();
    expect(run?.events).toBe(old);
    const cutoff = monthsBefore(h.clock.now(), 12);
    expect(await count('SELECT COUNT(*) AS n FROM audit_events WHERE occurred_at < ?', [cutoff])).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM audit_events')).toBe(recent - old + 1); // + AUDIT_ARCHIVED
    const [archived] = await h.db.query("SELECT actor_type, detail FROM audit_events WHERE action = 'AUDIT_ARCHIVED'");
    expect({ actor: archived.actor_type, detail: JSON.parse(archived.detail) }).toMatchObject({ actor: 'SYSTEM', detail: { events: old, retentionMonths: 12 } });

    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
    const incremental = await staff.get('/api/v1/backoffice/audit-events/verification?since=checkpoint');
    expect(incremental.body).toMatchObject({ ok: true, checked: 0 }); // everything was verified just before
    await expect(h.app.get(AuditRetention).verifyArchive(run!.file)).resolves.toEqual({ ok: true, events: old });
    expect(readdirSync(archives)).toEqual([run!.file.split('/').at(-1)]);
    expect(await h.app.get(AuditRetention).archiveExpired()).toBeUndefined(); // the second run finds nothing
  });

  it('a tampered archive is detected: an edited event, a dropped event, a forged manifest', async () => {
    const [file] = readdirSync(archives).map((name) => join(archives, name));
    const original = readFileSync(file!, 'utf8');
    const lines = original.trimEnd().split('\n');
    const retention = h.app.get(AuditRetention);
    try {
      const edited = JSON.parse(lines[1]!);
      edited.actor_id = '999';
      writeFileSync(file!, [lines[0], JSON.stringify(edited), ...lines.slice(2)].join('\n') + '\n');
      await expect(retention.verifyArchive(file!)).resolves.toMatchObject({ ok: false, line: 2, reason: 'HASH_MISMATCH' });

      writeFileSync(file!, [...lines.slice(0, -2), lines.at(-1)].join('\n') + '\n');
      await expect(retention.verifyArchive(file!)).resolves.toMatchObject({ ok: false });

      const manifest = JSON.parse(lines.at(-1)!);
      manifest.events += 1;
      writeFileSync(file!, [...lines.slice(0, -1), JSON.stringify(manifest)].join('\n') + '\n');
      await expect(retention.verifyArchive(file!)).resolves.toMatchObject({ ok: false, reason: 'SIGNATURE' });
    } finally {
      writeFileSync(file!, original);
    }
    await expect(retention.verifyArchive(file!)).resolves.toMatchObject({ ok: true });
  });

  it('after archiving, an event cut off after the base or a base moved by hand fails verification', async () => {
    const staff = await staffLogin(h);
    // sealing passes take the chains in turn: log in until an archived chain has grown past its base
    const grown = 'SELECT chain, seq, hash, base_seq, base_hash, base_sig FROM audit_chain_heads WHERE base_seq > 0 AND seq > base_seq LIMIT 1';
    for (let pass = 0; pass < 10 && (await h.db.query(grown)).length === 0; pass += 1) {
      await staffLogin(h);
      await sealAudit(h);
    }
    const [head] = await h.db.query(grown);
    expect(head).toBeDefined();
    const [first] = await h.db.query('SELECT * FROM audit_events WHERE chain = ? AND seq = ?', [head.chain, Number(head.base_seq) + 1]);
    await h.db.query('DELETE FROM audit_events WHERE id = ?', [first.id]);
    try {
      expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: false, brokenAt: { chain: head.chain, reason: 'SEQUENCE_GAP' } });
      // moving the base over the gap needs the signing key
      await h.db.query('UPDATE audit_chain_heads SET base_seq = ?, base_hash = ? WHERE chain = ?', [first.seq, first.hash, head.chain]);
      expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: false, brokenAt: { chain: head.chain, eventId: `base:${head.chain}`, reason: 'HASH_MISMATCH' } });
    } finally {
      const columns = Object.keys(first);
      await h.db.query(`INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => first[c]));
      await h.db.query('UPDATE audit_chain_heads SET base_seq = ?, base_hash = ?, base_sig = ? WHERE chain = ?', [head.base_seq, head.base_hash, head.base_sig, head.chain]);
    }
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
  });
});

describe('the sealing window', () => {
  it('an event inserted without the audit key is never sealed and fails verification at once', async () => {
    const staff = await staffLogin(h);
    const [{ insertId }] = [await h.db.query(
      `INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, append_mac, key_id)
       VALUES (?, 'STAFF', '1', 'APPLICATION_APPROVED', ?, 'a1')`, [h.clock.now(), Buffer.alloc(48, 7)],
    )];
    try {
      await sealAudit(h);
      expect(await count('SELECT COUNT(*) AS n FROM audit_events WHERE id = ? AND chain IS NULL', [insertId])).toBe(1);
      expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body)
        .toMatchObject({ ok: false, brokenAt: { chain: -1, eventId: String(insertId), reason: 'HASH_MISMATCH' } });
    } finally {
      await h.db.query('DELETE FROM audit_events WHERE id = ?', [insertId]);
    }
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body).toMatchObject({ ok: true });
  });

  it('a copy of an event cannot be inserted (the append MAC is unique)', async () => {
    const [event] = await h.db.query('SELECT * FROM audit_events WHERE append_mac IS NOT NULL ORDER BY id DESC LIMIT 1');
    await expect(h.db.query(
      'INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, append_mac, key_id) VALUES (?, ?, ?, ?, ?, ?)',
      [event.occurred_at, event.actor_type, event.actor_id, event.action, event.append_mac, event.key_id],
    )).rejects.toThrow(/Duplicate/);
  });
});
