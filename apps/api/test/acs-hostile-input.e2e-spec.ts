/**
 * Property-based fuzzing of the ACS (fast-check): AReqs with elements dropped, emptied, retyped, replaced by
 * hostile strings or nested deeply, and challenge forms with any fields — the DS always gets HTTP 200 with an
 * ARes or an Erro carrying a known errorCode, the browser always gets an HTML page, never a 500, and no
 * transaction row is left half-written. CI (CI=true) sends ≥ 5,000 AReqs; FUZZ_RUNS scales it.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { AcsErrorCodes } from '@corpweb/shared-types';
import { enrolledCard, type EnrolledCard } from './support/acs-fixtures.js';
import { approvedMember } from './support/fixtures.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { buildAReq, postForm, sendAReq } from './support/three-ds-server.js';

const RUNS = Number(process.env.FUZZ_RUNS_ACS ?? (process.env.CI ? 5000 : 600));
jest.setTimeout(600_000);
const KNOWN = new Set<string>(Object.values(AcsErrorCodes));

let h: TestApp;
let acs: TestAcs;
let card: EnrolledCard;
let areqs = 0;
let forms = 0;
beforeAll(async () => {
  h = await startTestApp();
  acs = await startTestAcs(h);
  card = await enrolledCard(h, await approvedMember(h), 'PASSWORD');
});
afterAll(async () => {
  process.stdout.write(`acs-hostile-input: ${areqs} fuzzed AReqs, ${forms} fuzzed challenge forms\n`);
  await acs.close();
  await h.close();
});

const nasty = fc.oneof(
  fc.constantFrom('', ' ', "' OR 1=1 --", '<script>alert(1)</script>', '\u0000', '\uD800', '𠮷', '-1', '1e309', 'NaN', '2.1.0', '04', 'null'),
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 3000, maxLength: 9000 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(nasty, fc.constantFrom('__proto__', 'constructor')), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

const template = () => buildAReq(card, { amount: '5000' });
const FIELDS = Object.keys(buildAReq({ cardNumber: '3540000000000000' }));
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), field: fc.constantFrom(...FIELDS) }),
  fc.record({ kind: fc.constant('empty' as const), field: fc.constantFrom(...FIELDS) }),
  fc.record({ kind: fc.constant('replace' as const), field: fc.constantFrom(...FIELDS), value }),
  fc.record({ kind: fc.constant('extra' as const), field: nasty, value }),
);
const areqBody = fc.oneof(
  { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
    const body: Record<string, unknown> = template();
    for (const m of mutations) {
      if (m.kind === 'drop') delete body[m.field];
      else if (m.kind === 'empty') body[m.field] = '';
      else body[m.field] = m.value;
    }
    return JSON.stringify(body);
  }) },
  { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.nat(2000).map((cut) => JSON.stringify(template()).slice(0, cut)) },
);

describe('fuzzed AReqs', () => {
  it('always answer HTTP 200 with an ARes or an Erro with a known code, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(areqBody, async (raw) => {
        areqs += 1;
        const response = await sendAReq(acs.baseUrl, undefined, raw);
        expect(response.status).toBe(200);
        const body = response.body;
        // an Erro carries a known code (never 404, the ACS's own failure) from the ACS; an ARes a known status
        const answer = body.messageType === 'Erro'
          ? { messageType: 'Erro', meaningful: KNOWN.has(body.errorCode) && body.errorCode !== '404' && body.errorComponent === 'A' }
          : { messageType: body.messageType, meaningful: ['Y', 'C', 'N', 'R', 'U', 'A'].includes(body.transStatus) };
        expect(answer).toEqual({ messageType: expect.stringMatching(/^(Erro|ARes)$/), meaningful: true });
        expect(JSON.stringify(response.body)).not.toContain(card.cardNumber);
      }),
      { numRuns: RUNS },
    );
    expect(areqs).toBeGreaterThanOrEqual(RUNS);
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM acs_transactions t WHERE NOT EXISTS (SELECT 1 FROM acs_messages m WHERE m.acs_trans_id = t.acs_trans_id AND m.kind = 'ARes')");
    expect(Number(n)).toBe(0);
  });
});

describe('fuzzed challenge forms', () => {
  it('always answer an HTML page, never a 500', async () => {
    // the AReq fuzzing above made this card's velocity rule refuse it (R/11): any acsTransID serves as a target
    const ares = { ...(await sendAReq(acs.baseUrl, buildAReq(card, { amount: '50000' }))).body, acsURL: `${acs.baseUrl}/3ds/v2/challenge` };
    const fieldName = fc.constantFrom('creq', 'threeDSSessionData', 'acsTransID', 'stepToken', 'action', 'secureId', 'password', 'otp', 'x');
    const form = fc.dictionary(fieldName, fc.oneof(nasty, fc.constant(ares.acsTransID), fc.constant(Buffer.from(JSON.stringify({ acsTransID: ares.acsTransID })).toString('base64url'))), { maxKeys: 6 });
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        forms += 1;
        const page = await postForm(ares.acsURL, fields as Record<string, string>);
        expect([200, 400]).toContain(page.status);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(page.html).toContain('<!doctype html>');
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });
});
