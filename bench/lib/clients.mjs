/**
 * Setting the scene over HTTP, the way the SPA does it: log members and the supervisor in (session cookie +
 * CSRF cookie from Set-Cookie, CSRF token from the body) and open card inquiries. Bounded concurrency only.
 */
import { CHANGE_PASSWORD, MEMBER_PASSWORD, STAFF_LOGIN_ID, STAFF_PASSWORD } from './common.mjs';

const USER_AGENT = 'corpweb-bench/1.0';

function cookieHeader(response) {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : undefined };
}

/** Runs `task` over `items` with at most `limit` in flight; returns the results in order. */
export async function mapLimited(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function memberLogin(base, member) {
  const { response, body } = await postJson(`${base}/api/v1/session`, { loginId: member.loginId, password: MEMBER_PASSWORD });
  if (response.status !== 200) throw new Error(`member login ${member.loginId} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ...member, cookie: cookieHeader(response), csrf: body.csrfToken };
}

export async function staffLogin(base) {
  let { response, body } = await postJson(`${base}/api/v1/backoffice/session`, { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD });
  // right after the login wave the bounded hash queue may still answer 503 SERVER_BUSY: the bench waits it out
  for (let attempt = 0; response.status === 503 && attempt < 20; attempt += 1) {
    await new Promise((done) => setTimeout(done, 500));
    ({ response, body } = await postJson(`${base}/api/v1/backoffice/session`, { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD }));
  }
  if (response.status !== 200) throw new Error(`staff login answered ${response.status}: ${JSON.stringify(body)}`);
  return { cookie: cookieHeader(response), csrf: body.csrfToken };
}

export function authHeaders(session) {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf, 'user-agent': USER_AGENT };
}

export async function openInquiry(base, session, card) {
  const { response, body } = await postJson(`${base}/api/v1/card-inquiries`, { cardNumber: card.pan, pin: card.pin }, authHeaders(session));
  if (response.status !== 200) throw new Error(`card inquiry answered ${response.status}: ${JSON.stringify(body)}`);
  return body.inquiryId;
}

/** Inquiry grants for enrollment changes: one per card, the last four cards of each session's company (cards no other scenario touches). */
export function openEnrollmentGrants(base, sessions, cardsByCompany) {
  const cards = sessions.flatMap((session) => cardsByCompany.get(session.companyId).slice(-4).map((card) => ({ session, card })));
  return mapLimited(cards, 16, async ({ session, card }) => ({ session, card, inquiryId: await openInquiry(base, session, card) }));
}

/** The PUT that changes a grant's card to a fixed password (CHANGE_PASSWORD). */
export function enrollmentChange({ session, card, inquiryId }) {
  return {
    method: 'PUT',
    path: `/api/v1/card-inquiries/${inquiryId}/enrollment`,
    headers: { ...authHeaders(session), 'content-type': 'application/json' },
    body: JSON.stringify({ secureId: `bx${String(card.id).padStart(6, '0')}`, method: 'PASSWORD', password: CHANGE_PASSWORD }),
  };
}

export async function getJson(url, session, timeoutMs = 30_000) {
  const response = await fetch(url, { headers: session ? authHeaders(session) : { 'user-agent': USER_AGENT }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export { USER_AGENT };
