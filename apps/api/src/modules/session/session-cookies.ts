/**
 * Cookie names and attributes. Member and staff sessions use different cookies, so a back-office session
 * never authenticates a member request and vice versa. Outside localhost the cookies are `__Host-` + Secure.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import type { SessionKind } from './session.service.js';

export function sessionCookieName(kind: SessionKind, config: AppConfig): string {
  const base = kind === 'MEMBER' ? 'corpweb_sid' : 'corpweb_staff_sid';
  return config.secureCookies ? `__Host-${base}` : base;
}

export function csrfCookieName(kind: SessionKind, config: AppConfig): string {
  const base = kind === 'MEMBER' ? 'corpweb_csrf' : 'corpweb_staff_csrf';
  return config.secureCookies ? `__Host-${base}` : base;
}

export function setSessionCookies(reply: FastifyReply, kind: SessionKind, config: AppConfig, token: string, csrfToken: string) {
  const common = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  reply.setCookie(sessionCookieName(kind, config), token, { ...common, httpOnly: true });
  // readable by the SPA: the double-submit half of the CSRF defence
  reply.setCookie(csrfCookieName(kind, config), csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, kind: SessionKind, config: AppConfig) {
  const common = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  reply.clearCookie(sessionCookieName(kind, config), common);
  reply.clearCookie(csrfCookieName(kind, config), common);
}

export function sessionTokenOf(request: FastifyRequest, kind: SessionKind, config: AppConfig): string | undefined {
  return request.cookies?.[sessionCookieName(kind, config)];
}
