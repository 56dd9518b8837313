import { request } from 'node:http';
import { corporateNumberCheckDigit } from '@corpweb/shared-types';

/** What the browser specs share: test card numbers, a cookie-keeping client for the portal API, the dev outbox. */
const BASE = () => process.env.BROWSER_BASE_URL!;

export const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/** A Luhn-valid 16-digit JCB number (IIN 3540). */
export function jcb(): string {
  const body = `3540${digits(11)}`;
  let sum = 0;
  [...body].reverse().forEach((d, i) => {
    let x = Number(d);
    if (i % 2 === 0) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
    sum += x;
  });
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** A cookie-keeping client for the portal API (CSRF double-submit from the cookie). */
export class Portal {
  cookies = new Map<string, string>();
  async call(method: string, path: string, body?: unknown, type = 'application/json'): Promise<any> {
    const headers: Record<string, string> = { origin: BASE() };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get(path.startsWith('/api/v1/backoffice') ? 'corpweb_staff_csrf' : 'corpweb_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = type;
    const response = await fetch(`${BASE()}${path}`, { method, headers, body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : String(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

export async function fromOutbox(find: (m: { to: string; body: string }) => boolean): Promise<{ body: string }> {
  for (let i = 0; i < 100; i += 1) {
    const items = ((await (await fetch(`${BASE()}/api/v1/dev/outbox`)).json()) as { items: { to: string; body: string }[] }).items;
    const found = items.find(find);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('message not in the dev outbox');
}

/**
 * A company through sign-up → staff approval (password-only staff login: the main portal process has no staff
 * second factor) → password setup from the emailed link, over the API. Returns the administrator's login ID.
 */
export async function signUpMember(password: string, name = '株式会社ブラウザ商事'): Promise<{ loginId: string; corporateNumber: string; staff: Portal }> {
  const base12 = digits(12);
  const corporateNumber = `${corporateNumberCheckDigit(base12)}${base12}`;
  const email = `member.${Date.now()}.${digits(4)}@example.co.jp`;
  const applicant = new Portal();
  const terms = await applicant.call('GET', '/api/v1/terms/current');
  const application = await postFromOtherAddress('/api/v1/signup-applications', {
    termsVersion: terms.version, agreedToTerms: true,
    company: { name, nameKana: 'カブシキガイシャブラウザショウジ', corporateNumber, postalCode: '100-0001', address: '東京都千代田区千代田1-1', phone: '03-1234-5678' },
    administrator: { name: '山田 花子', nameKana: 'ヤマダ\u3000ハナコ', department: '経理部', email, phone: '090-1234-5678' },
  });
  const staff = new Portal();
  await staff.call('POST', '/api/v1/backoffice/session', { loginId: 'supervisor', password: process.env.BROWSER_STAFF_PASSWORD });
  const { memberLoginId } = await staff.call('POST', `/api/v1/backoffice/signup-applications/${application.applicationId}/approval`);
  const mail = await fromOutbox((m) => m.to === email && m.body.includes(memberLoginId));
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
  await applicant.call('POST', '/api/v1/password-setup', { token, password });
  return { loginId: memberLoginId as string, corporateNumber, staff };
}

/**
 * A JSON POST from 127.0.0.2 (any 127/8 address reaches the loopback listener): the companies the helper above
 * signs up for other specs do not use up the per-IP sign-up limit (5 an hour) that the journey's own sign-ups
 * run under.
 */
function postFromOtherAddress(path: string, body: unknown): Promise<any> {
  const payload = JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = request(`${BASE()}${path}`, {
      method: 'POST',
      localAddress: '127.0.0.2',
      headers: { origin: BASE(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode! >= 400 ? fail(new Error(`POST ${path} → ${response.statusCode} ${text}`)) : done(JSON.parse(text))));
    });
    req.on('error', fail);
    req.end(payload);
  });
}
