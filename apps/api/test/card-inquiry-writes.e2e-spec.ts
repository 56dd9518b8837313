/**
 * Issue 13: a successful card inquiry reads in one round trip (the session with the card) and writes only what
 * changed in one more (the grant_card_inquiry procedure), and a lock that commits between the inquiry's read and
 * its write still wins.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CardInquiryRepository } from '../src/modules/cards/card-inquiry.repository.js';
import { sealAudit } from './support/audit.js';
import { approvedMember, seedCard, type MemberFixture } from './support/fixtures.js';
import { recordStatements } from './support/statement-recorder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
let member: MemberFixture;
beforeAll(async () => {
  h = await startTestApp();
  member = await approvedMember(h);
});
afterAll(async () => { await h.close(); });

const LONG_AGO = new Date('2026-01-01T00:00:00.000Z');
const cardRow = async (cardId: number) => (await h.db.query('SELECT pin_fail_count, updated_at FROM cards WHERE id = ?', [cardId]))[0];
const count = async (sql: string, params: unknown[]) => Number((await h.db.query(sql, params))[0].n);

/** What the app ran during `work` on the tables an inquiry reads and writes (the sealer and the outbox touch others). */
async function inquiryStatementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const recorder = recordStatements(h);
  try {
    await work();
  } finally {
    recorder.stop();
  }
  return recorder.statements.map(({ sql }) => sql)
    .filter((sql) => /\b(sessions|members|cards|enrollments|card_inquiries|grant_card_inquiry)\b/.test(sql))
    .map((sql) => (/^CALL grant_card_inquiry\b/.test(sql) ? 'CALL grant_card_inquiry'
      : /FROM sessions s\s[\s\S]*JOIN cards c ON c\.pan_fingerprint = \?/.test(sql) ? 'SELECT session with card' : sql));
}

describe('the round trips of a card inquiry', () => {
  it('reads the session and the card in one statement and writes in one CALL', async () => {
    const card = await seedCard(h, member.corporateNumber);
    let status = 0;
    const statements = await inquiryStatementsDuring(async () => {
      status = (await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin })).status;
    });
    expect(status).toBe(200);
    expect(statements).toEqual(['SELECT session with card', 'CALL grant_card_inquiry']);
  });

  it('joins nothing for a number the inquiry refuses, which is answered after the session is admitted', async () => {
    const statements = await inquiryStatementsDuring(async () => {
      const response = await member.client.post('/api/v1/card-inquiries', { cardNumber: '1234', pin: '1234' });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 422, code: 'CARD_NUMBER_INVALID' });
    });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM sessions s WHERE s\.id_hash = \?$/);
  });
});

describe('the write of a correct PIN', () => {
  it('does not UPDATE a card whose counter is already 0; writes the grant and its audit event', async () => {
    const card = await seedCard(h, member.corporateNumber);
    await h.db.query('UPDATE cards SET pin_fail_count = 0, updated_at = ? WHERE id = ?', [LONG_AGO, card.cardId]);
    const response = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
    expect(response.status).toBe(200);
    expect((await cardRow(card.cardId)).updated_at.toISOString()).toBe(LONG_AGO.toISOString());
    expect(await count('SELECT COUNT(*) AS n FROM card_inquiries WHERE id = ? AND card_id = ?', [response.body.inquiryId, card.cardId])).toBe(1);
    await sealAudit(h);
    const [event] = await h.db.query("SELECT actor_type, actor_id, chain, hash FROM audit_events WHERE action = 'CARD_INQUIRY_SUCCEEDED' AND target_id = ?", [String(card.cardId)]);
    expect({ actor: event.actor_type, sealed: event.chain !== null && event.hash !== null }).toEqual({ actor: 'MEMBER', sealed: true });
  });

  it('puts a counter of 1 back to 0', async () => {
    const card = await seedCard(h, member.corporateNumber);
    expect((await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: '0000' })).status).toBe(422);
    expect(Number((await cardRow(card.cardId)).pin_fail_count)).toBe(1);
    expect((await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin })).status).toBe(200);
    expect(Number((await cardRow(card.cardId)).pin_fail_count)).toBe(0);
  });

  it('grants nothing and audits nothing when the card was PIN-locked after it was read', async () => {
    const card = await seedCard(h, member.corporateNumber);
    await h.db.query('UPDATE cards SET pin_fail_count = 3, pin_locked_at = ? WHERE id = ?', [h.clock.now(), card.cardId]);
    const granted = await h.app.get(CardInquiryRepository).grantInquiry({
      inquiryId: '00000000-0000-4000-8000-000000000013', sessionHash: Buffer.alloc(32, 1), memberId: 1, cardId: card.cardId,
      expiresAt: h.clock.now(), now: h.clock.now(), resetFailures: true,
      event: { actorType: 'MEMBER', actorId: 1, targetType: 'CARD', targetId: card.cardId, action: 'CARD_INQUIRY_SUCCEEDED' },
    });
    expect(granted).toBe(false);
    expect(Number((await cardRow(card.cardId)).pin_fail_count)).toBe(3);
    expect(await count('SELECT COUNT(*) AS n FROM card_inquiries WHERE card_id = ?', [card.cardId])).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'CARD_INQUIRY_SUCCEEDED' AND target_id = ?", [String(card.cardId)])).toBe(0);
    // over HTTP the same card answers PIN_LOCKED (read before any write)
    const response = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 423, code: 'PIN_LOCKED' });
  });
});
