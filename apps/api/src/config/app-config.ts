/**
 * Configuration (SPEC §4), parsed and validated once at boot. A bad value stops the process with a message
 * that names the variable; production refuses to start without real keys.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { ContactDesk } from '@corpweb/shared-types';
import { loadContactDesk } from './contact-desk.js';

export interface Keys {
  panEncryptionKey: Buffer;
  panEncryptionKeyId: string;
  panFingerprintKey: Buffer;
  pinKey: Buffer;
  otpKey: Buffer;
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
  /** the issuer's contact desk named in lock, rejection and maintenance messages and in emails */
  contactDesk: ContactDesk;
  /** ACS: answer for a card without enrollment — 'N' or attempts 'A' */
  acsUnenrolledStatus: 'N' | 'A';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const KEY_NAMES = ['PAN_ENCRYPTION_KEY', 'PAN_FINGERPRINT_KEY', 'PIN_KEY', 'OTP_KEY'] as const;

export function loadConfig(env: Env = process.env, options: { devKeyFile?: string } = {}): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['production', 'development', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be production, development or test (got "${nodeEnv}")`);
  }
  const isProduction = nodeEnv === 'production';

  const port = parsePort(env.PORT ?? '3000', problems);
  const databaseUrl = env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/corpweb';
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

  const devOutbox = parseBool(env.DEV_OUTBOX, !isProduction, 'DEV_OUTBOX', problems);
  if (isProduction && devOutbox) problems.push('DEV_OUTBOX cannot be enabled in production');

  const keys = loadKeys(env, isProduction, options.devKeyFile, problems);
  const contactDesk = loadContactDesk(env, isProduction, problems);
  const acsUnenrolled = env.ACS_UNENROLLED_STATUS ?? 'N';
  if (acsUnenrolled !== 'N' && acsUnenrolled !== 'A') problems.push('ACS_UNENROLLED_STATUS must be N or A');

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    env: nodeEnv as AppConfig['env'],
    port,
    host: env.HOST ?? '0.0.0.0',
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
    outboxPollMs: Number(env.OUTBOX_POLL_MS ?? 1000),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    acsUnenrolledStatus: acsUnenrolled as 'N' | 'A',
    contactDesk,
  };
}

function parsePort(value: string, problems: string[]): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be 0–65535 (got "${value}")`);
  return port;
}

function parseBool(value: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  problems.push(`${name} must be true or false`);
  return fallback;
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
function loadKeys(env: Env, isProduction: boolean, devKeyFile: string | undefined, problems: string[]): Partial<Keys> {
  const missing = KEY_NAMES.filter((name) => !env[name]);
  let source: Env = env;
  if (missing.length > 0) {
    if (isProduction) {
      problems.push(`${missing.join(', ')} must be set in production (32 random bytes, base64)`);
      return {};
    }
    source = { ...readOrCreateDevKeys(devKeyFile ?? resolve(process.cwd(), '.data/dev-keys.json')), ...stripEmpty(env) };
  }
  const decoded: Record<string, Buffer> = {};
  for (const name of KEY_NAMES) {
    const buffer = Buffer.from(source[name] ?? '', 'base64');
    if (buffer.length !== 32) problems.push(`${name} must be 32 bytes encoded in base64`);
    decoded[name] = buffer;
  }
  const distinct = new Set(KEY_NAMES.map((name) => decoded[name]!.toString('hex')));
  if (distinct.size !== KEY_NAMES.length) problems.push('PAN_ENCRYPTION_KEY, PAN_FINGERPRINT_KEY, PIN_KEY and OTP_KEY must all differ');
  return {
    panEncryptionKey: decoded.PAN_ENCRYPTION_KEY!,
    panEncryptionKeyId: env.PAN_ENCRYPTION_KEY_ID ?? 'k1',
    panFingerprintKey: decoded.PAN_FINGERPRINT_KEY!,
    pinKey: decoded.PIN_KEY!,
    otpKey: decoded.OTP_KEY!,
  };
}

function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function readOrCreateDevKeys(file: string): Env {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Env;
  const keys = Object.fromEntries(KEY_NAMES.map((name) => [name, randomBytes(32).toString('base64')]));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
