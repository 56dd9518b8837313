import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CardImportProgress } from '@corpweb/shared-types';
import { CardCrypto } from '../src/common/crypto/card-crypto.service.js';
import { StaffAccountsService } from '../src/modules/auth/staff-accounts.service.js';
import { CardImportLiveness } from '../src/modules/card-master/card-import-liveness.js';
import { SPOOL_DIR } from '../src/modules/card-master/sealed-spool.js';
import type { HttpClient } from './support/http-client.js';
import { approvedMember, corporateNumber, jcbCardNumber, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

const HEADER = 'corporate_number,card_number,expiry_yymm,pin,holder_name';
const IMPORTS = '/api/v1/backoffice/card-imports';

let h: TestApp;
let supervisor: HttpClient;
let member: MemberFixture;
beforeAll(async () => {
  h = await startTestApp();
  supervisor = await staffLogin(h);
  member = await approvedMember(h, supervisor);
});
afterAll(async () => { await h.close(); });

function csv(lines: string[]): string {
  return `${[HEADER, ...lines].join('\r\n')}\r\n`;
}

async function upload(body: string, client = supervisor) {
  return client.post(IMPORTS, undefined, { raw: body, contentType: 'text/csv' });
}

/** Polls the progress endpoint (the import runs after the 202) until it settles. */
async function settled(importId: string, timeoutMs = 20_000): Promise<CardImportProgress> {
  return eventually(async () => {
    const response = await supervisor.get<CardImportProgress>(`${IMPORTS}/${importId}`);
    expect(response.status).toBe(200);
    if (response.body.total > 0) expect(response.body.processed).toBeLessThanOrEqual(response.body.total);
    return response.body.status === 'COMPLETED' || response.body.status === 'FAILED' ? response.body : undefined;
  }, `import ${importId} to settle`, { timeoutMs, intervalMs: 50 });
}

async function importLines(lines: string[]): Promise<{ importId: string; progress: CardImportProgress }> {
  const accepted = await upload(csv(lines));
  expect(accepted.status).toBe(202);
  expect(accepted.body).toEqual({ importId: expect.stringMatching(/^\d+$/) });
  return { importId: accepted.body.importId, progress: await settled(accepted.body.importId) };
}

async function cardsOf(corporate: string, client = supervisor) {
  const response = await client.get(`/api/v1/backoffice/cards?corporateNumber=${corporate}`);
  expect(response.status).toBe(200);
  return response.body.items as any[];
}

async function auditActions(targetType: string, targetId: string | number): Promise<{ action: string; actor_type: string; detail: any }[]> {
  const rows = await h.db.query('SELECT action, actor_type, detail FROM audit_events WHERE target_type = ? AND target_id = ? ORDER BY id', [targetType, String(targetId)]);
  return rows.map((row: any) => ({ action: row.action, actor_type: row.actor_type, detail: row.detail ? JSON.parse(row.detail) : null }));
}

/** Every text or binary column of every table, searched for the value. */
async function columnsContaining(value: string): Promise<string[]> {
  const columns = await h.db.query(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = DATABASE() AND data_type IN ('char','varchar','text','mediumtext','longtext','binary','varbinary','blob','mediumblob','longblob','json')`,
  );
  const found: string[] = [];
  for (const { t, c } of columns) {
    const [row] = await h.db.query(`SELECT COUNT(*) AS n FROM \`${t}\` WHERE \`${c}\` LIKE ?`, [`%${value}%`]);
    if (Number(row.n) > 0) found.push(`${t}.${c}`);
  }
  return found;
}

describe('card import', () => {
  it('imports a file: 202, progress to COMPLETED, cards searchable and masked, audited', async () => {
    const numbers = [jcbCardNumber(), jcbCardNumber(), jcbCardNumber()];
    const { importId, progress } = await importLines([
      `${member.corporateNumber},${numbers[0]},3012,1234,ヤマダ タロウ`,
      `${member.corporateNumber},${numbers[1]!.replace(/(\d{4})(?=\d)/g, '$1-')},2912,0000,"SUZUKI, HANAKO"`,
      `${member.corporateNumber},${numbers[2]},2611,9876,佐藤 次郎`,
    ]);
    expect(progress).toEqual({ status: 'COMPLETED', total: 3, processed: 3, failed: 0, errors: [] });

    const cards = await cardsOf(member.corporateNumber);
    expect(cards).toHaveLength(3);
    expect(cards.map((card) => card.holderName).sort()).toEqual(['SUZUKI, HANAKO', 'ヤマダ タロウ', '佐藤 次郎'].sort());
    for (const card of cards) {
      expect(card).toMatchObject({ brand: 'JCB', status: 'ACTIVE', pinLocked: false, corporateNumber: member.corporateNumber, enrollment: { status: 'UNREGISTERED' } });
      expect(card.maskedNumber).toMatch(/^3540 \*{4} \*{4} \d{4}$/);
    }
    const byLast4 = await supervisor.get(`/api/v1/backoffice/cards?last4=${numbers[0]!.slice(-4)}`);
    expect(byLast4.body.items.map((card: any) => card.maskedNumber)).toContain(`3540 **** **** ${numbers[0]!.slice(-4)}`);
    const [row] = await h.db.query('SELECT expiry_yymm, pin_hash, pan_ciphertext, pan_key_id FROM cards WHERE last4 = ? AND first4 = ? ORDER BY id DESC LIMIT 1', [numbers[1]!.slice(-4), '3540']);
    const crypto = h.app.get(CardCrypto);
    expect(crypto.decryptPan({ ciphertext: row.pan_ciphertext, keyId: row.pan_key_id })).toBe(numbers[1]);
    expect(crypto.pinMatches(numbers[1]!, '0000', row.pin_hash)).toBe(true);

    expect(await auditActions('CARD_IMPORT', importId)).toEqual([
      { action: 'CARD_IMPORT_STARTED', actor_type: 'STAFF', detail: { bytes: expect.any(Number) } },
      { action: 'CARD_IMPORT_COMPLETED', actor_type: 'STAFF', detail: { total: 3, imported: 3, failed: 0 } },
    ]);

    // no table holds a card number in clear, no response carried one, and the sealed upload is gone
    for (const number of numbers) {
      await expect(columnsContaining(number)).resolves.toEqual([]);
      expect(JSON.stringify(cards)).not.toContain(number.slice(4, 12));
    }
    const leftovers = await readdir(SPOOL_DIR).catch(() => [] as string[]);
    for (const name of leftovers) {
      const content = await readFile(join(SPOOL_DIR, name)).catch(() => Buffer.alloc(0));
      for (const number of numbers) expect(content.includes(Buffer.from(number))).toBe(false);
    }
  });

  it('reports each bad line with its code and line number and still imports the good lines', async () => {
    const good = jcbCardNumber();
    const alreadyKnown = await seedCard(h, member.corporateNumber);
    const lastGood = jcbCardNumber();
    const { importId, progress } = await importLines([
      `${member.corporateNumber},${good},3012,1234,山田 太郎`, // 2
      `${member.corporateNumber},${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10},3012,1234,x`, // 3 Luhn
      `${member.corporateNumber},4111111111111111,3012,1234,x`, // 4 Visa
      `${member.corporateNumber},${jcbCardNumber()},3012,12,x`, // 5
      `${member.corporateNumber},${jcbCardNumber()},3013,1234,x`, // 6
      `${member.corporateNumber},${jcbCardNumber()},2610,1234,x`, // 7 expired before 2026-11
      `${corporateNumber()},${jcbCardNumber()},3012,1234,x`, // 8 no such company
      `${member.corporateNumber},${good},3012,1234,again`, // 9 earlier in the file
      `${member.corporateNumber},${alreadyKnown.cardNumber},3012,1234,again`, // 10 in the database
      `${member.corporateNumber},${jcbCardNumber()},3012,1234`, // 11
      '', // 12 blank lines are skipped
      `${member.corporateNumber},${jcbCardNumber()},3012,1234,  `, // 13
      `1234567890123,${jcbCardNumber()},3012,1234,x`, // 14
      `${member.corporateNumber},${lastGood},3012,4321,"ヤマダ ""ジュニア"""`, // 15
      '1234567890123,4111111111111111,2610,12,', // 16 every column wrong: every reason
    ]);
    expect(progress).toEqual({
      status: 'COMPLETED', total: 14, processed: 14, failed: 12,
      errors: [
        { line: 3, code: 'CARD_NUMBER_INVALID' },
        { line: 4, code: 'CARD_BRAND_NOT_SUPPORTED' },
        { line: 5, code: 'PIN_INVALID' },
        { line: 6, code: 'EXPIRY_INVALID' },
        { line: 7, code: 'CARD_EXPIRED' },
        { line: 8, code: 'COMPANY_NOT_FOUND' },
        { line: 9, code: 'DUPLICATE_CARD' },
        { line: 10, code: 'DUPLICATE_CARD' },
        { line: 11, code: 'COLUMN_COUNT' },
        { line: 13, code: 'REQUIRED' },
        { line: 14, code: 'CORPORATE_NUMBER_CHECK_DIGIT' },
        { line: 16, code: 'CORPORATE_NUMBER_CHECK_DIGIT' },
        { line: 16, code: 'CARD_BRAND_NOT_SUPPORTED' },
        { line: 16, code: 'CARD_EXPIRED' },
        { line: 16, code: 'PIN_INVALID' },
        { line: 16, code: 'REQUIRED' },
      ],
    });
    const masked = (await cardsOf(member.corporateNumber)).map((card) => card.maskedNumber);
    expect(masked).toEqual(expect.arrayContaining([`3540 **** **** ${good.slice(-4)}`, `3540 **** **** ${lastGood.slice(-4)}`]));
    expect((await auditActions('CARD_IMPORT', importId))[1]).toMatchObject({ action: 'CARD_IMPORT_COMPLETED', detail: { total: 14, imported: 2, failed: 12 } });
  });

  it('works in batches: a duplicate several batches later is caught and the counts add up', async () => {
    const company = await approvedMember(h, supervisor);
    const first = jcbCardNumber();
    const lines = [`${company.corporateNumber},${first},3012,1234,先頭`];
    for (let i = 0; i < 1_300; i += 1) lines.push(`${company.corporateNumber},${jcbCardNumber()},3012,1234,社員${i}`);
    lines.push(`${company.corporateNumber},${first},3012,1234,重複`);
    const { progress } = await importLines(lines);
    // random numbers may (rarely) collide with each other; each collision is one more DUPLICATE_CARD
    expect(progress.status).toBe('COMPLETED');
    expect(progress.total).toBe(1_302);
    expect(progress.processed).toBe(1_302);
    expect(progress.errors).toContainEqual({ line: 1_303, code: 'DUPLICATE_CARD' });
    expect(progress.errors.every((error) => error.code === 'DUPLICATE_CARD')).toBe(true);
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM cards c JOIN companies co ON co.id = c.company_id WHERE co.corporate_number = ?', [company.corporateNumber]);
    expect(Number(n)).toBe(1_302 - progress.failed);
  });

  it('refuses a file with a wrong header or broken CSV whole: FAILED, nothing imported', async () => {
    const number = jcbCardNumber();
    const wrongHeader = await upload(`card_number,corporate_number,expiry_yymm,pin,holder_name\n${number},${member.corporateNumber},3012,1234,x\n`);
    expect(wrongHeader.status).toBe(202);
    expect(await settled(wrongHeader.body.importId)).toEqual({ status: 'FAILED', total: 0, processed: 0, failed: 0, errors: [{ line: 1, code: 'HEADER_INVALID' }] });

    const empty = await upload('');
    expect(empty.status).toBe(202);
    expect((await settled(empty.body.importId)).errors).toEqual([{ line: 1, code: 'HEADER_INVALID' }]);

    const broken = await upload(csv([`${member.corporateNumber},${number},3012,1234,ok`, `${member.corporateNumber},${jcbCardNumber()},3012,1234,"never closed`]));
    expect(broken.status).toBe(202);
    const progress = await settled(broken.body.importId);
    expect(progress).toMatchObject({ status: 'FAILED', processed: 0, errors: [{ line: 3, code: 'INVALID_FORMAT' }] });
    expect(await auditActions('CARD_IMPORT', broken.body.importId)).toEqual([
      expect.objectContaining({ action: 'CARD_IMPORT_STARTED' }),
      expect.objectContaining({ action: 'CARD_IMPORT_FAILED', detail: expect.objectContaining({ reason: 'MALFORMED_CSV' }) }),
    ]);
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM cards WHERE last4 = ? AND pan_fingerprint = ?', [number.slice(-4), h.app.get(CardCrypto).fingerprint(number)]);
    expect(Number(n)).toBe(0);
  });

  it('is SUPERVISOR-only, needs text/csv, has a size limit, and answers 404 for an unknown import', async () => {
    const loginId = `cmop${Date.now() % 1e8}`;
    await h.app.get(StaffAccountsService).create(loginId, 'Op3rat0r!Kx9z', 'OPERATOR');
    const operator = await staffLogin(h, loginId, 'Op3rat0r!Kx9z');
    const forbidden = await upload(csv([]), operator);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    // an OPERATOR still reads
    expect((await operator.get(`/api/v1/backoffice/cards?corporateNumber=${member.corporateNumber}`)).status).toBe(200);

    expect((await h.client().post(IMPORTS, undefined, { raw: csv([]), contentType: 'text/csv' })).status).toBe(401);
    const json = await supervisor.post(IMPORTS, { rows: [] });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const tooLarge = await fetch(`${h.baseUrl}${IMPORTS}`, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        cookie: [...supervisor.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': supervisor.cookies.get('corpweb_staff_csrf')!,
      },
      // 50 MiB + 1 byte, streamed without a Content-Length: the limit is enforced while reading
      body: new ReadableStream({
        start(controller) {
          const chunk = new Uint8Array(1024 * 1024).fill(0x61);
          for (let i = 0; i < 50; i += 1) controller.enqueue(chunk);
          controller.enqueue(new Uint8Array([0x0a]));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).catch((error: Error) => error);
    if (tooLarge instanceof Error) throw tooLarge;
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');

    const missing = await supervisor.get(`${IMPORTS}/987654321`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('IMPORT_NOT_FOUND');
  });

  it('stops between batches when its process shuts down: FAILED, whole batches kept, counts exact', async () => {
    const company = await approvedMember(h, supervisor);
    const lines = Array.from({ length: 20_000 }, (_, i) => `${company.corporateNumber},${jcbCardNumber()},3012,1234,社員${i}`);
    const second = await startTestApp({}, { clock: h.clock, sinks: { mail: h.mail, sms: h.sms } });
    let importId: string;
    try {
      const accepted = await (await staffLogin(second)).post(IMPORTS, undefined, { raw: csv(lines), contentType: 'text/csv' });
      expect(accepted.status).toBe(202);
      importId = accepted.body.importId;
      // shut down once at least one batch is in
      await eventually(async () => (await supervisor.get(`${IMPORTS}/${importId}`)).body.processed > 0, 'a first batch', { timeoutMs: 10_000, intervalMs: 10 });
    } finally {
      await second.close();
    }

    const progress = await settled(importId);
    expect(progress.status).toBe('FAILED');
    expect(progress.processed).toBeGreaterThan(0);
    expect(progress.processed).toBeLessThan(20_000);
    expect(progress.processed % 500).toBe(0);
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM cards c JOIN companies co ON co.id = c.company_id WHERE co.corporate_number = ?', [company.corporateNumber]);
    expect(Number(n)).toBe(progress.processed - progress.failed);
    expect((await auditActions('CARD_IMPORT', importId))[1]).toMatchObject({ action: 'CARD_IMPORT_FAILED', detail: { reason: 'SHUTDOWN' } });
  });

  it('fails an import left unfinished by a stopped process at startup, but not one a live process holds', async () => {
    const now = h.clock.now();
    const insert = async () => Number((await h.db.query(
      `INSERT INTO card_imports (status, total, processed, failed, created_by_staff_id, created_at) VALUES ('PROCESSING', 10, 5, 0, 1, ?)`, [now],
    )).insertId);
    const orphan = await insert();
    const live = await insert();
    await h.app.get(CardImportLiveness).hold(live);
    const second = await startTestApp({}, { clock: h.clock, sinks: { mail: h.mail, sms: h.sms } });
    try {
      const rows = await h.db.query('SELECT id, status FROM card_imports WHERE id IN (?, ?) ORDER BY id', [orphan, live]);
      expect(rows.map((row: any) => row.status)).toEqual(['FAILED', 'PROCESSING']);
      expect(await auditActions('CARD_IMPORT', orphan)).toEqual([{ action: 'CARD_IMPORT_FAILED', actor_type: 'SYSTEM', detail: { reason: 'ORPHANED' } }]);
    } finally {
      await second.close();
      await h.app.get(CardImportLiveness).release(live);
      await h.db.query(`UPDATE card_imports SET status = 'FAILED' WHERE id = ?`, [live]);
    }
  });
});

describe('card search', () => {
  it('needs a filter and validates it', async () => {
    const none = await supervisor.get('/api/v1/backoffice/cards');
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('VALIDATION_FAILED');
    const bad = await supervisor.get('/api/v1/backoffice/cards?corporateNumber=1234567890123&last4=12a4');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(expect.arrayContaining([
      { field: 'corporateNumber', code: 'CORPORATE_NUMBER_INVALID' },
      { field: 'last4', code: 'INVALID_FORMAT' },
    ]));
    expect((await h.client().get(`/api/v1/backoffice/cards?corporateNumber=${member.corporateNumber}`)).status).toBe(401);
  });
});

describe('card lifecycle', () => {
  it('unlocks a locked PIN: counter reset, audited; 404 for an unknown card', async () => {
    const card = await seedCard(h, member.corporateNumber);
    await h.db.query('UPDATE cards SET pin_fail_count = 3, pin_locked_at = ? WHERE id = ?', [h.clock.now(), card.cardId]);
    const before = (await cardsOf(member.corporateNumber)).find((c) => c.cardId === String(card.cardId));
    expect(before.pinLocked).toBe(true);

    const unlocked = await supervisor.post(`/api/v1/backoffice/cards/${card.cardId}/pin-unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ cardId: String(card.cardId), pinLocked: false });
    const [row] = await h.db.query('SELECT pin_fail_count, pin_locked_at FROM cards WHERE id = ?', [card.cardId]);
    expect(row).toEqual({ pin_fail_count: 0, pin_locked_at: null });
    expect(await auditActions('CARD', card.cardId)).toEqual([
      { action: 'PIN_UNLOCKED', actor_type: 'STAFF', detail: { wasLocked: true, failCount: 3 } },
    ]);

    const missing = await supervisor.post('/api/v1/backoffice/cards/987654321/pin-unlock');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CARD_NOT_FOUND');
  });

  it('reissues: new card 未登録, old card REPLACED, its enrollment and inquiries end; a second reissue is 409', async () => {
    const old = await seedCard(h, member.corporateNumber);
    const now = h.clock.now();
    const secureId = `reissue${Date.now() % 1e8}`;
    await h.db.query(
      `INSERT INTO enrollments (card_id, secure_id, secure_id_key, method, phone_e164, password_hash, status, created_at, updated_at)
       VALUES (?, ?, ?, 'OTP', '+819012345678', NULL, 'REGISTERED', ?, ?)`,
      [old.cardId, secureId, secureId.toLowerCase(), now, now],
    );
    await h.db.query(
      'INSERT INTO card_inquiries (id, session_hash, member_id, card_id, expires_at, created_at) VALUES (?, ?, 1, ?, ?, ?)',
      [randomUUID(), Buffer.alloc(32, 7), old.cardId, new Date(now.getTime() + 600_000), now],
    );
    const before = (await cardsOf(member.corporateNumber)).find((c) => c.cardId === String(old.cardId));
    expect(before.enrollment).toMatchObject({ status: 'REGISTERED', method: 'OTP', secureId, maskedPhone: '090-****-5678' });

    const newNumber = jcbCardNumber();
    const reissued = await supervisor.post(`/api/v1/backoffice/cards/${old.cardId}/reissue`, { newCardNumber: newNumber, expiryYymm: '3103', pin: '5555' });
    expect(reissued.status).toBe(200);
    expect(reissued.body).toEqual({ cardId: expect.stringMatching(/^\d+$/), maskedNumber: `3540 **** **** ${newNumber.slice(-4)}` });
    expect(reissued.text).not.toContain(newNumber.slice(4, 12));

    const [oldRow] = await h.db.query('SELECT status, replaced_by_card_id FROM cards WHERE id = ?', [old.cardId]);
    expect(oldRow).toEqual({ status: 'REPLACED', replaced_by_card_id: Number(reissued.body.cardId) });
    await expect(h.db.query('SELECT id FROM enrollments WHERE card_id = ?', [old.cardId])).resolves.toEqual([]);
    await expect(h.db.query('SELECT id FROM card_inquiries WHERE card_id = ?', [old.cardId])).resolves.toEqual([]);
    const [newRow] = await h.db.query('SELECT company_id, holder_name, expiry_yymm, pin_hash, status FROM cards WHERE id = ?', [reissued.body.cardId]);
    expect(newRow).toMatchObject({ holder_name: 'ヤマダ\u3000タロウ', expiry_yymm: '3103', status: 'ACTIVE' });
    expect(h.app.get(CardCrypto).pinMatches(newNumber, '5555', newRow.pin_hash)).toBe(true);

    const cards = await cardsOf(member.corporateNumber);
    expect(cards.find((c) => c.cardId === String(old.cardId))).toMatchObject({ status: 'REPLACED', enrollment: { status: 'UNREGISTERED' } });
    expect(cards.find((c) => c.cardId === reissued.body.cardId)).toMatchObject({ status: 'ACTIVE', expiry: '03/31', enrollment: { status: 'UNREGISTERED' } });
    await expect(columnsContaining(newNumber)).resolves.toEqual([]);

    const mail = await h.mail.waitFor((m) => m.to.includes(member.email) && m.text.includes(`3540 **** **** ${newNumber.slice(-4)}`), 'the re-registration email');
    expect(mail.subject).toBe('【法人Webサービス】本人認証サービス再登録のお願い / Please register 3-D Secure again');
    expect(mail.text).not.toContain(newNumber);
    expect(await auditActions('CARD', old.cardId)).toEqual([
      { action: 'CARD_REISSUED', actor_type: 'STAFF', detail: { newCardId: Number(reissued.body.cardId), enrollmentEnded: true } },
    ]);

    const again = await supervisor.post(`/api/v1/backoffice/cards/${old.cardId}/reissue`, { newCardNumber: jcbCardNumber(), expiryYymm: '3103', pin: '5555' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CARD_NOT_ACTIVE');
  });

  it('refuses a reissue to a known number or an invalid one, changing nothing', async () => {
    const card = await seedCard(h, member.corporateNumber);
    const other = await seedCard(h, member.corporateNumber);
    const taken = await supervisor.post(`/api/v1/backoffice/cards/${card.cardId}/reissue`, { newCardNumber: other.cardNumber, expiryYymm: '3103', pin: '5555' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CARD_ALREADY_EXISTS');
    expect(taken.text).not.toContain(other.cardNumber);

    const cases: [Record<string, string>, string, string][] = [
      [{ newCardNumber: '4111111111111111', expiryYymm: '3103', pin: '5555' }, 'newCardNumber', 'CARD_BRAND_NOT_SUPPORTED'],
      [{ newCardNumber: '3540123456789010', expiryYymm: '3103', pin: '5555' }, 'newCardNumber', 'CARD_NUMBER_INVALID'],
      [{ newCardNumber: jcbCardNumber(), expiryYymm: '2610', pin: '5555' }, 'expiryYymm', 'CARD_EXPIRED'],
      [{ newCardNumber: jcbCardNumber(), expiryYymm: '3113', pin: '5555' }, 'expiryYymm', 'EXPIRY_INVALID'],
      [{ newCardNumber: jcbCardNumber(), expiryYymm: '3103', pin: '55555' }, 'pin', 'PIN_INVALID'],
    ];
    for (const [body, field, code] of cases) {
      const response = await supervisor.post(`/api/v1/backoffice/cards/${card.cardId}/reissue`, body);
      expect(response.status).toBe(422);
      expect(response.body.errors).toContainEqual({ field, code });
      expect(response.text).not.toContain(body.newCardNumber!);
    }
    const [row] = await h.db.query('SELECT status FROM cards WHERE id = ?', [card.cardId]);
    expect(row.status).toBe('ACTIVE');
    expect(await auditActions('CARD', card.cardId)).toEqual([]);
  });

  it('answers a wrong card number with the same top-level code on the inquiry and on the reissue', async () => {
    const card = await seedCard(h, member.corporateNumber);
    const cases: [string, string][] = [
      ['3540123456789010', 'CARD_NUMBER_INVALID'], // a JCB prefix with a wrong check digit (Luhn)
      ['4111111111111111', 'CARD_BRAND_NOT_SUPPORTED'], // a valid VISA number
    ];
    for (const [number, code] of cases) {
      const inquiry = await member.client.post('/api/v1/card-inquiries', { cardNumber: number, pin: '5555' });
      expect(inquiry.status).toBe(422);
      expect(inquiry.body.code).toBe(code);
      expect(inquiry.body.errors).toEqual([{ field: 'cardNumber', code }]);

      const reissue = await supervisor.post(`/api/v1/backoffice/cards/${card.cardId}/reissue`, { newCardNumber: number, expiryYymm: '3103', pin: '5555' });
      expect(reissue.status).toBe(422);
      expect(reissue.body.code).toBe(code);
      expect(reissue.body.errors).toEqual([{ field: 'newCardNumber', code }]);
    }
    const [row] = await h.db.query('SELECT status FROM cards WHERE id = ?', [card.cardId]);
    expect(row.status).toBe('ACTIVE');
  });

  it('sets a provisional phone: 要再登録, secure ID kept, the company is emailed', async () => {
    const card = await seedCard(h, member.corporateNumber);
    const fresh = await seedCard(h, member.corporateNumber);
    const now = h.clock.now();
    const secureId = `prov${Date.now() % 1e8}`;
    await h.db.query(
      `INSERT INTO enrollments (card_id, secure_id, secure_id_key, method, phone_e164, password_hash, status, created_at, updated_at)
       VALUES (?, ?, ?, 'PASSWORD', NULL, 'argon2-hash-placeholder', 'REGISTERED', ?, ?)`,
      [card.cardId, secureId, secureId.toLowerCase(), now, now],
    );

    const set = await supervisor.put(`/api/v1/backoffice/cards/${card.cardId}/provisional-phone`, { phone: '080-1111-2222' });
    expect(set.status).toBe(200);
    expect(set.body.enrollment).toMatchObject({ status: 'REREGISTRATION_REQUIRED', method: 'OTP', secureId, maskedPhone: '080-****-2222' });
    const [row] = await h.db.query('SELECT method, phone_e164, password_hash, status, secure_id FROM enrollments WHERE card_id = ?', [card.cardId]);
    expect(row).toEqual({ method: 'OTP', phone_e164: '+818011112222', password_hash: null, status: 'REREGISTRATION_REQUIRED', secure_id: secureId });

    const unregistered = await supervisor.put(`/api/v1/backoffice/cards/${fresh.cardId}/provisional-phone`, { phone: '09033334444' });
    expect(unregistered.status).toBe(200);
    expect(unregistered.body.enrollment).toEqual({ status: 'REREGISTRATION_REQUIRED', method: 'OTP', maskedPhone: '090-****-4444', updatedAt: expect.any(String) });

    const masked = `3540 **** **** ${card.cardNumber.slice(-4)}`;
    const mail = await h.mail.waitFor((m) => m.to.includes(member.email) && m.text.includes(masked), 'the re-registration email');
    expect(mail.subject).toBe('【法人Webサービス】本人認証サービス再登録のお願い / Please register 3-D Secure again');
    expect(mail.text).not.toContain(card.cardNumber);
    expect(await auditActions('CARD', card.cardId)).toEqual([
      { action: 'PROVISIONAL_PHONE_SET', actor_type: 'STAFF', detail: { maskedPhone: '080-****-2222', previousStatus: 'REGISTERED' } },
    ]);

    const landline = await supervisor.put(`/api/v1/backoffice/cards/${card.cardId}/provisional-phone`, { phone: '03-1234-5678' });
    expect(landline.status).toBe(422);
    expect(landline.body.errors).toEqual([{ field: 'phone', code: 'MOBILE_PHONE_INVALID' }]);
    expect((await supervisor.put('/api/v1/backoffice/cards/987654321/provisional-phone', { phone: '080-1111-2222' })).body.code).toBe('CARD_NOT_FOUND');
  });

  it('keeps the audit chain intact after all of the above', async () => {
    const verification = await supervisor.get('/api/v1/backoffice/audit-events/verification');
    expect(verification.status).toBe(200);
    expect(verification.body.ok).toBe(true);
  });
});
