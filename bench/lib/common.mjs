/**
 * What every part of the benchmark shares: where things are, the fixed bench keys and settings, and loaders for
 * the API's own dependencies (pnpm keeps them under apps/api, not at the repository root) and its built code.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const apiDir = resolve(repoRoot, 'apps/api');
export const webDistDir = resolve(repoRoot, 'apps/web/dist');
export const resultsDir = resolve(repoRoot, 'bench/results');
export const performanceDoc = resolve(repoRoot, 'docs/PERFORMANCE.md');

const apiRequire = createRequire(resolve(apiDir, 'package.json'));

/** A CommonJS dependency of the API (mysql2, argon2, fastify), resolved the way the API resolves it. */
export function requireFromApi(name) {
  return apiRequire(name);
}

/** A module of the built API (`pnpm build` writes apps/api/dist). */
export function importApiDist(relative) {
  return import(pathToFileURL(resolve(apiDir, 'dist', relative)).href);
}

/** The built shared contract (packages/shared-types/dist). */
export function importSharedTypes() {
  return import(pathToFileURL(resolve(repoRoot, 'packages/shared-types/dist/index.js')).href);
}

/** Seconds per load scenario; BENCH_DURATION changes it (≥ 2). */
export const DURATION = Math.max(2, Number(process.env.BENCH_DURATION ?? 10) || 10);
export const CONNECTIONS = 50;

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/corpweb_bench';
if (!/\/corpweb_bench[A-Za-z0-9_]*$/.test(DATABASE_URL)) {
  // the database is dropped at every run: refuse anything that is not obviously the bench's own
  throw new Error('BENCH_DATABASE_URL must name a database starting with corpweb_bench (it is dropped and recreated)');
}

// fixed but random-looking: production refuses repeated-byte keys
const key = (byte) => createHash('sha256').update(`corpweb bench key ${byte}`).digest('base64');

/**
 * Fixed keys for the bench database only. The seeder derives PAN ciphertexts, fingerprints and PIN hashes with
 * the API's own CardCrypto under exactly these keys, and the API is started with them.
 */
export const BENCH_KEYS = {
  PAN_ENCRYPTION_KEY: key(0xb1),
  PAN_ENCRYPTION_KEY_ID: 'bench1',
  PAN_FINGERPRINT_KEY: key(0xb2),
  PIN_KEY: key(0xb3),
  OTP_KEY: key(0xb4),
  AUDIT_KEY: key(0xb5),
  AUDIT_SIGNING_KEY: key(0xb6),
};

/** Passwords of the seeded accounts (they pass the portal password rules). */
export const MEMBER_PASSWORD = 'Kestrel-Harbor-Quill!';
/** The fixed password the enrollment-change scenarios register. */
export const CHANGE_PASSWORD = 'Amber-Falcon-Ridgeline%';
export const STAFF_LOGIN_ID = 'bench-supervisor';
export const STAFF_PASSWORD = 'Lantern-Meadow-Vortex#';
/** fixed password already registered on the seeded PASSWORD enrollments */
export const ENROLLED_FIXED_PASSWORD = 'Copper-Willow-Tundra$';

export const SEED = {
  companies: 200,
  membersPerCompany: 5,
  cards: 100_000,
  applications: 100_000,
};

export const IMPORT_LINES = 100_000;

export function sleep(ms) {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

export function log(message) {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Luhn check digit for a numeric body. */
export function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let digit = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A 16-digit JCB number: IIN prefix (3528–3589) + sequence + Luhn digit. */
export function jcbNumber(prefix, sequence) {
  const body = `${prefix}${String(sequence).padStart(15 - prefix.length, '0')}`;
  return body + luhnDigit(body);
}

/** The PIN the seeder gives card `sequence` (the bench must know every card's PIN). */
export function pinFor(sequence) {
  return String((sequence * 7919 + 1234) % 10_000).padStart(4, '0');
}
