/**
 * Configuration, parsed and validated once at boot. A bad value stops the process with a message
 * that names the variable; production refuses to start without real keys.
 * Fail closed: an unset NODE_ENV means production. The development conveniences (dev outbox, generated keys,
 * the demo shop) need NODE_ENV=development or test said out loud *and* a localhost WEB_ORIGIN, so a server
 * started with a public origin and a forgotten NODE_ENV never serves OTP codes and reset links to the world.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { ContactDesk } from '@corpweb/shared-types';
import { loadContactDesk } from './contact-desk.js';
import { parseWebAuthn, type WebAuthnConfig } from './webauthn-config.js';

export interface Keys {
  panEncryptionKey: Buffer;
  panEncryptionKeyId: string;
  panFingerprintKey: Buffer;
  pinKey: Buffer;
  otpKey: Buffer;
  /** HMAC key of the audit chain (AUDIT_KEY), its id stored with every event (AUDIT_KEY_ID) */
  auditKey: Buffer;
  auditKeyId: string;
  /** earlier audit keys by id (AUDIT_PREVIOUS_KEYS=id:base64,…), to verify events sealed before a rotation */
  auditPreviousKeys: Record<string, Buffer>;
  /** Ed25519 seed that signs the audit checkpoints (AUDIT_SIGNING_KEY) */
  auditSigningKey: Buffer;
}

export interface AppConfig {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  webOrigin: string;
  /** origins allowed to make state-changing requests */
  allowedOrigins: string[];
  /** true when cookies must be Secure/__Host- (any non-localhost origin) */
  secureCookies: boolean;
  smtpUrl?: string;
  mailFrom: string;
  smsGatewayUrl?: string;
  keys: Keys;
  /** [startMinute, endMinute) in the business time zone; undefined = disabled */
  maintenanceWindow?: { start: number; end: number; label: string };
  businessTimeZone: string;
  initialStaff?: { loginId: string; password: string };
  devOutbox: boolean;
  /** where the built SPA lives; served when present */
  webDistDir?: string;
  outboxPollMs: number;
  logLevel: string;
  /**
   * which peers may set X-Forwarded-For (TRUST_PROXY): false = none (the socket address is the client), a hop
   * count, or the proxies' addresses/CIDRs (also proxy-addr's `loopback`, `linklocal`, `uniquelocal`)
   */
  trustProxy: false | number | string[];
  /** where signed checkpoints of the audit chain heads are appended (AUDIT_CHECKPOINT_DIR; required in production) */
  auditCheckpointDir?: string;
  auditCheckpointIntervalMs: number;
  /** how often the audit sealer chains committed events (AUDIT_SEAL_INTERVAL_MS); events wait at most about this */
  auditSealIntervalMs: number;
  /** audit retention (PCI DSS 10.5.1): events older than this many months are archived (AUDIT_RETENTION_MONTHS ≥ 12) */
  auditRetentionMonths: number;
  /** where signed archive files of expired audit events go (AUDIT_ARCHIVE_DIR); unset = retention job off */
  auditArchiveDir?: string;
  auditRetentionIntervalMs: number;
  /**
   * STAFF_TOTP (default true in production): staff log in with password + TOTP, enrolled at first login; failed
   * passwords then lock per source IP + login ID, not the account
   */
  staffTotp: boolean;
  /** RATE_LIMITS (default true): the per-IP/account/company/destination limits of common/rate-limit */
  rateLimits: boolean;
  /** serve the OpenAPI document and Swagger UI (API_DOCS; default off in production) */
  apiDocs: boolean;
  /** NODE_ENV=development|test and a localhost WEB_ORIGIN: the only setting in which dev-only features may run */
  localDevelopment: boolean;
  /** the issuer's contact desk named in lock, rejection and maintenance messages and in emails */
  contactDesk: ContactDesk;
  /** passkeys: relying party ID (WEB_ORIGIN's host, or WEBAUTHN_RP_ID), name and the one accepted origin */
  webAuthn: WebAuthnConfig;
  /**
   * the Prometheus listener, never the public port: METRICS_PORT (default 9464; 0 turns it off) on METRICS_HOST
   * (default 127.0.0.1). The ACS has its own port (ACS_METRICS_PORT, acs-config.ts) on the same host.
   */
  metrics: { port?: number; host: string };
  /**
   * SHUTDOWN_DRAIN_MS: after SIGTERM, how long readiness answers 503 while the process still serves, so the load
   * balancer stops routing before the listener closes (default 2000 in production, 0 otherwise; at most 5000, so
   * the drain fits the 10 s shutdown deadline)
   */
  shutdownDrainMs: number;
}

/** the local MariaDB of a development machine (README, "What a bare machine needs") */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/corpweb';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

import type { Env } from './env.js';

export type { Env };

const KEY_NAMES = ['PAN_ENCRYPTION_KEY', 'PAN_FINGERPRINT_KEY', 'PIN_KEY', 'OTP_KEY', 'AUDIT_KEY', 'AUDIT_SIGNING_KEY'] as const;

export function loadConfig(env: Env = process.env, options: { devKeyFile?: string } = {}): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV || 'production';
  if (!['production', 'development', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be production, development or test (got "${nodeEnv}")`);
  }
  const isProduction = nodeEnv === 'production';

  const port = parsePort(env.PORT ?? '3000', problems);
  const databaseUrl = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (!/^mysql:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must look like mysql://user:password@host:3306/database');
  }
  const webOrigin = (env.WEB_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\/[^/]+$/.test(webOrigin)) problems.push('WEB_ORIGIN must be an origin such as https://corp.example.jp');
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(webOrigin);
  if (isProduction && !webOrigin.startsWith('https://')) problems.push('WEB_ORIGIN must be https in production');

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const smsGatewayUrl = env.SMS_GATEWAY_URL || undefined;
  if (smsGatewayUrl && !/^https?:\/\//.test(smsGatewayUrl)) problems.push('SMS_GATEWAY_URL must be an http(s) URL');

  const maintenanceWindow = parseWindow(env.MAINTENANCE_WINDOW ?? '05:00-07:00', problems);
  const businessTimeZone = env.TZ_BUSINESS ?? 'Asia/Tokyo';
  try {
    new Intl.DateTimeFormat('en', { timeZone: businessTimeZone });
  } catch {
    problems.push(`TZ_BUSINESS "${businessTimeZone}" is not a known time zone`);
  }

  const initialStaff =
    env.INITIAL_STAFF_LOGIN_ID && env.INITIAL_STAFF_PASSWORD
      ? { loginId: env.INITIAL_STAFF_LOGIN_ID, password: env.INITIAL_STAFF_PASSWORD }
      : undefined;
  if (Boolean(env.INITIAL_STAFF_LOGIN_ID) !== Boolean(env.INITIAL_STAFF_PASSWORD)) {
    problems.push('INITIAL_STAFF_LOGIN_ID and INITIAL_STAFF_PASSWORD must be set together');
  }

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const outboxPollMs = Number(env.OUTBOX_POLL_MS ?? 1000);
  if (!Number.isInteger(outboxPollMs) || outboxPollMs < 10 || outboxPollMs > 3_600_000) {
    problems.push(`OUTBOX_POLL_MS must be a whole number of milliseconds from 10 to 3600000 (got "${env.OUTBOX_POLL_MS}")`);
  }
  const localDevelopment = !isProduction && local;
  const devOutbox = parseBool(env.DEV_OUTBOX, localDevelopment, 'DEV_OUTBOX', problems);
  if (isProduction && devOutbox) problems.push('DEV_OUTBOX cannot be enabled in production');
  else if (devOutbox && !local) problems.push(`DEV_OUTBOX needs a localhost WEB_ORIGIN (got "${webOrigin}")`);
  const apiDocs = parseBool(env.API_DOCS, !isProduction, 'API_DOCS', problems);
  // false only for load tests (pnpm bench) and the e2e files that share 127.0.0.1 as their source address
  const rateLimits = parseBool(env.RATE_LIMITS, true, 'RATE_LIMITS', problems);
  const staffTotp = parseBool(env.STAFF_TOTP, isProduction, 'STAFF_TOTP', problems);

  const keys = loadKeys(env, isProduction, local, options.devKeyFile, problems);
  const webAuthn = parseWebAuthn(env, webOrigin, problems);
  const auditCheckpointDir = env.AUDIT_CHECKPOINT_DIR || undefined;
  if (isProduction && !auditCheckpointDir) {
    problems.push('AUDIT_CHECKPOINT_DIR must be set in production (a directory outside the database, append-only)');
  }
  const auditCheckpointIntervalMs = Number(env.AUDIT_CHECKPOINT_INTERVAL_MS ?? 60_000);
  if (!Number.isInteger(auditCheckpointIntervalMs) || auditCheckpointIntervalMs < 1000) {
    problems.push('AUDIT_CHECKPOINT_INTERVAL_MS must be an integer of at least 1000');
  }
  const auditSealIntervalMs = Number(env.AUDIT_SEAL_INTERVAL_MS ?? 200);
  if (!Number.isInteger(auditSealIntervalMs) || auditSealIntervalMs < 10 || auditSealIntervalMs > 500) {
    problems.push('AUDIT_SEAL_INTERVAL_MS must be an integer of 10–500 (events are sealed within a second)');
  }
  const auditRetentionMonths = Number(env.AUDIT_RETENTION_MONTHS ?? 12);
  if (!Number.isInteger(auditRetentionMonths) || auditRetentionMonths < 12) {
    problems.push('AUDIT_RETENTION_MONTHS must be an integer of at least 12 (PCI DSS 10.5.1)');
  }
  const auditRetentionIntervalMs = Number(env.AUDIT_RETENTION_INTERVAL_MS ?? 3_600_000);
  if (!Number.isInteger(auditRetentionIntervalMs) || auditRetentionIntervalMs < 60_000) {
    problems.push('AUDIT_RETENTION_INTERVAL_MS must be an integer of at least 60000');
  }
  const contactDesk = loadContactDesk(env, isProduction, problems);
  const metricsPort = parseOptionalPort(env.METRICS_PORT, 9464, 'METRICS_PORT', problems);
  const metricsHost = env.METRICS_HOST || '127.0.0.1';
  if (isIP(metricsHost) === 0 && metricsHost !== 'localhost') problems.push(`METRICS_HOST must be an IP address (got "${metricsHost}")`);
  const shutdownDrainMs = Number(env.SHUTDOWN_DRAIN_MS || (isProduction ? 2000 : 0));
  if (!Number.isInteger(shutdownDrainMs) || shutdownDrainMs < 0 || shutdownDrainMs > 5000) {
    problems.push('SHUTDOWN_DRAIN_MS must be a whole number of milliseconds, 0–5000');
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    env: nodeEnv as AppConfig['env'],
    port,
    // a development server is reachable from this machine only unless HOST says otherwise
    host: env.HOST ?? (localDevelopment ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl,
    webOrigin,
    allowedOrigins: [...new Set([webOrigin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])].filter(
      (origin) => isProduction ? origin === webOrigin : true,
    ),
    secureCookies: !local,
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? '法人Webサービス <no-reply@corpweb.localhost>',
    smsGatewayUrl,
    keys: keys as Keys,
    maintenanceWindow,
    businessTimeZone,
    initialStaff,
    devOutbox,
    webDistDir: env.WEB_DIST_DIR,
    outboxPollMs,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    apiDocs,
    localDevelopment,
    trustProxy,
    rateLimits,
    staffTotp,
    auditCheckpointDir,
    auditCheckpointIntervalMs,
    auditSealIntervalMs,
    auditRetentionMonths,
    auditArchiveDir: env.AUDIT_ARCHIVE_DIR || undefined,
    auditRetentionIntervalMs,
    contactDesk,
    webAuthn,
    metrics: { port: metricsPort, host: metricsHost },
    shutdownDrainMs,
  };
}

export function parsePort(value: string, problems: string[], name = 'PORT'): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`${name} must be 0–65535 (got "${value}")`);
  return port;
}

/** A port that 0 switches off (undefined); unset or empty gives the default. */
export function parseOptionalPort(value: string | undefined, fallback: number, name: string, problems: string[]): number | undefined {
  const port = value === undefined || value === '' ? fallback : parsePort(value, problems, name);
  return port === 0 ? undefined : port;
}

export function parseBool(value: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  problems.push(`${name} must be true or false`);
  return fallback;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `true` (trust anyone's X-Forwarded-For) is refused: name the proxies or count the hops. */
function parseTrustProxy(value: string | undefined, problems: string[]): AppConfig['trustProxy'] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) problems.push(`TRUST_PROXY hop count must be 1–10 (got ${hops})`);
    return hops;
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (PROXY_NAMES.has(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
  });
  if (text === 'true' || bad.length > 0 || entries.length === 0) {
    problems.push(
      'TRUST_PROXY must be false, a hop count, or the proxies\' addresses/CIDRs (e.g. 10.0.0.5,10.1.0.0/16); ' +
        `"true" would let any client choose its IP (got "${text}")`,
    );
    return false;
  }
  return entries;
}

function parseWindow(value: string, problems: string[]): AppConfig['maintenanceWindow'] {
  if (value.trim() === '') return undefined;
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value.trim());
  const [h1, m1, h2, m2] = (match?.slice(1) ?? []).map(Number) as [number, number, number, number];
  if (!match || h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) {
    problems.push(`MAINTENANCE_WINDOW must be HH:MM-HH:MM or empty (got "${value}")`);
    return undefined;
  }
  return { start: h1 * 60 + m1, end: h2 * 60 + m2, label: value.trim() };
}

/** 32-byte base64 keys; generated once and kept in a git-ignored file for local development. */
function loadKeys(env: Env, isProduction: boolean, local: boolean, devKeyFile: string | undefined, problems: string[]): Partial<Keys> {
  const missing = KEY_NAMES.filter((name) => !env[name]);
  let source: Env = env;
  if (missing.length > 0) {
    if (isProduction) {
      problems.push(`${missing.join(', ')} must be set in production (32 random bytes, base64)`);
      return {};
    }
    if (!local) {
      problems.push(`${missing.join(', ')} must be set: keys are generated only for a localhost WEB_ORIGIN`);
      return {};
    }
    source = { ...readOrCreateDevSecrets(devKeyFile, KEY_NAMES, () => randomBytes(32).toString('base64')), ...stripEmpty(env) };
  }
  const decoded: Record<string, Buffer> = {};
  for (const name of KEY_NAMES) {
    const buffer = Buffer.from(source[name] ?? '', 'base64');
    if (buffer.length !== 32) problems.push(`${name} must be 32 bytes encoded in base64`);
    else if (isProduction && !looksRandom(buffer)) problems.push(`${name} is not random (generate it with: openssl rand -base64 32)`);
    decoded[name] = buffer;
  }
  const distinct = new Set(KEY_NAMES.map((name) => decoded[name]!.toString('hex')));
  if (distinct.size !== KEY_NAMES.length) problems.push(`${KEY_NAMES.join(', ')} must all differ`);
  const auditKeyId = env.AUDIT_KEY_ID ?? 'a1';
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(auditKeyId)) problems.push('AUDIT_KEY_ID must be 1–16 letters, digits, _ or -');
  const auditPreviousKeys: Record<string, Buffer> = {};
  for (const entry of (env.AUDIT_PREVIOUS_KEYS ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [id, value] = entry.split(':');
    const key = Buffer.from(value ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || id === auditKeyId || key.length !== 32) {
      problems.push('AUDIT_PREVIOUS_KEYS must be id:base64-key pairs (32 bytes), separated by commas, other than AUDIT_KEY_ID');
    } else {
      auditPreviousKeys[id] = key;
    }
  }
  return {
    auditKey: decoded.AUDIT_KEY!,
    auditKeyId,
    auditPreviousKeys,
    auditSigningKey: decoded.AUDIT_SIGNING_KEY!,
    panEncryptionKey: decoded.PAN_ENCRYPTION_KEY!,
    panEncryptionKeyId: env.PAN_ENCRYPTION_KEY_ID ?? 'k1',
    panFingerprintKey: decoded.PAN_FINGERPRINT_KEY!,
    pinKey: decoded.PIN_KEY!,
    otpKey: decoded.OTP_KEY!,
  };
}

/**
 * A weak-key screen for production, not a randomness test: 32 bytes from a CSPRNG have about 30 distinct
 * values (fewer than 20 has a probability below 1e-9), step to step differences as varied, and are almost
 * never all printable ASCII ((95/256)^32 ≈ 1e-14). Repeated bytes, counting sequences and a pass phrase
 * encoded in base64 fail.
 */
export function looksRandom(key: Buffer): boolean {
  const distinct = new Set(key).size;
  const steps = new Set<number>();
  for (let i = 1; i < key.length; i += 1) steps.add((key[i]! - key[i - 1]! + 256) % 256);
  const printable = key.every((byte) => byte >= 0x20 && byte <= 0x7e);
  return distinct >= 20 && steps.size >= 20 && !printable;
}

function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/**
 * Development secrets, generated once into a git-ignored file (both processes read the same file, so the portal,
 * the ACS and the demo shop agree on them); a name missing from an older file is added.
 */
export function readOrCreateDevSecrets(file: string | undefined, names: readonly string[], generate: () => string): Env {
  const path = file ?? resolve(process.cwd(), '.data/dev-keys.json');
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Env) : {};
  const missing = names.filter((name) => !stored[name]);
  if (missing.length === 0) return stored;
  const updated = { ...stored, ...Object.fromEntries(missing.map((name) => [name, generate()])) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(updated, null, 2), { mode: 0o600 });
  return updated;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
