/**
 * WebAuthn relying party (passkeys). The RP ID is WEB_ORIGIN's host unless WEBAUTHN_RP_ID names a registrable
 * suffix of it (e.g. corp.example.jp for https://portal.corp.example.jp); an IP address cannot be an RP ID (an
 * origin on an IP address still boots, without working passkeys).
 * The only accepted origin is WEB_ORIGIN itself: a passkey answer made for any other page is refused.
 */
import { isIP } from 'node:net';
import type { Env } from './env.js';

export interface WebAuthnConfig {
  rpId: string;
  rpName: string;
  origin: string;
}

export function parseWebAuthn(env: Env, webOrigin: string, problems: string[]): WebAuthnConfig {
  let host = '';
  try {
    host = new URL(webOrigin).hostname.toLowerCase();
  } catch {
    // WEB_ORIGIN's own check reports it
  }
  const rpId = (env.WEBAUTHN_RP_ID ?? '').trim().toLowerCase() || host;
  const rpName = (env.WEBAUTHN_RP_NAME ?? '').trim() || '法人Webサービス';
  const ipHost = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
  // an origin on an IP address (a local test setup) boots, but browsers will not offer passkeys there
  if (host && !(ipHost && !env.WEBAUTHN_RP_ID)) {
    if (isIP(rpId.replace(/^\[|\]$/g, '')) !== 0) {
      problems.push(`WEBAUTHN_RP_ID must be a domain name, not an IP address (got "${rpId}"): use a host name in WEB_ORIGIN`);
    } else if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(rpId) || (host !== rpId && !host.endsWith(`.${rpId}`))) {
      problems.push(`WEBAUTHN_RP_ID must be WEB_ORIGIN's host or a parent domain of it (host "${host}", got "${rpId}")`);
    }
  }
  if (rpName.length > 64) problems.push('WEBAUTHN_RP_NAME must be at most 64 characters');
  return { rpId, rpName, origin: webOrigin };
}
