import { describe, expect, it } from '@jest/globals';
import { parseWebAuthn } from './webauthn-config.js';

describe('parseWebAuthn', () => {
  it("takes WEB_ORIGIN's host as the RP ID and WEB_ORIGIN as the only origin", () => {
    const problems: string[] = [];
    expect(parseWebAuthn({}, 'https://portal.corp.example.jp', problems)).toEqual({
      rpId: 'portal.corp.example.jp', rpName: '法人Webサービス', origin: 'https://portal.corp.example.jp',
    });
    expect(parseWebAuthn({}, 'http://localhost:5173', problems).rpId).toBe('localhost');
    expect(problems).toEqual([]);
  });

  it('accepts a parent domain, refuses another domain, a suffix that is not a label and an IP address', () => {
    const ok: string[] = [];
    expect(parseWebAuthn({ WEBAUTHN_RP_ID: 'corp.example.jp' }, 'https://portal.corp.example.jp', ok).rpId).toBe('corp.example.jp');
    expect(ok).toEqual([]);
    for (const [rpId, origin] of [['example.com', 'https://portal.corp.example.jp'], ['rp.example.jp', 'https://corp.example.jp'], ['le.jp', 'https://example.jp']]) {
      const problems: string[] = [];
      parseWebAuthn({ WEBAUTHN_RP_ID: rpId }, origin!, problems);
      expect(problems).toEqual([expect.stringContaining('WEBAUTHN_RP_ID')]);
    }
    const ip: string[] = [];
    parseWebAuthn({ WEBAUTHN_RP_ID: '127.0.0.1' }, 'http://127.0.0.1:3000', ip);
    expect(ip).toEqual([expect.stringContaining('not an IP address')]);
    // an origin on an IP address still boots (without working passkeys)
    const local: string[] = [];
    parseWebAuthn({}, 'http://127.0.0.1:3000', local);
    expect(local).toEqual([]);
  });
});
