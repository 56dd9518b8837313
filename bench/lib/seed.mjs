/**
 * Seeds the bench database with rows the API accepts as its own: corporate numbers with valid check digits,
 * Luhn-valid JCB numbers encrypted / fingerprinted / PIN-hashed by the API's own CardCrypto under the bench keys,
 * members with a real argon2id hash (computed once and reused: hashing 1,000 passwords would take 20 s and
 * prove nothing), a realistic mix of card and enrollment states, and 100k sign-up applications.
 * Multi-row INSERTs of a few thousand rows, one transaction per table, FK/unique checks off for the load only.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  DATABASE_URL, ENROLLED_FIXED_PASSWORD, MEMBER_PASSWORD, SEED, apiDir, importApiDist, importSharedTypes,
  jcbNumber, log, pinFor, requireFromApi,
} from './common.mjs';

const run = promisify(execFile);
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const CARD_PREFIX = '3540';

function databaseName(url) {
  return new URL(url).pathname.replace(/^\//, '');
}

export function serverUrl(url) {
  const parsed = new URL(url);
  parsed.pathname = '/';
  return parsed.toString().replace(/\/$/, '');
}

/**
 * Card states by the card's position `slot` within its company: 2 % replaced, ~1 % PIN-locked, ~1 % with one
 * wrong PIN counted (by slot, not by global sequence, so that every company gets the same mix).
 */
function cardState(slot) {
  if (slot % 50 === 7) return 'REPLACED';
  if (slot % 97 === 13) return 'LOCKED';
  if (slot % 89 === 5) return 'ONE_FAILURE';
  return 'ACTIVE';
}

/** Enrollment mix in every company: 40 % none, 35 % fixed password, 20 % SMS OTP, 5 % re-registration required. */
function enrollmentKind(slot, companyId) {
  const bucket = (slot + companyId) % 20;
  if (bucket < 8) return undefined;
  if (bucket < 15) return 'PASSWORD';
  if (bucket < 19) return 'OTP';
  return 'REREGISTRATION_REQUIRED';
}

async function insertRows(connection, table, columns, rows, batchSize) {
  for (let start = 0; start < rows.length; start += batchSize) {
    await connection.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [rows.slice(start, start + batchSize)]);
  }
}

/**
 * Drops and recreates the bench database, applies the migrations with the API's own CLI, fills it.
 * Returns what the load scenarios need to know (companies, member login IDs, cards with their PANs and PINs).
 */
export async function seedDatabase(env) {
  const started = performance.now();
  const mysql = requireFromApi('mysql2/promise');
  const argon2 = requireFromApi('argon2');
  const { CardCrypto } = await importApiDist('common/crypto/card-crypto.service.js');
  const { loadConfig } = await importApiDist('config/app-config.js');
  const { receiptKey, receiptNumber } = await importApiDist('modules/applications/receipt-number.js');
  const { corporateNumberCheckDigit } = await importSharedTypes();
  const config = loadConfig(env);
  const crypto = new CardCrypto(config);
  // stored as the API stores it at submission
  const receiptKeyBytes = receiptKey(config.keys.otpKey);

  const admin = await mysql.createConnection(serverUrl(DATABASE_URL));
  await admin.query(`DROP DATABASE IF EXISTS \`${databaseName(DATABASE_URL)}\``);
  await admin.end();
  // the API's migration CLI creates the database and applies every migration
  await run(process.execPath, [resolve(apiDir, 'dist/database/migrate.js')], { env, cwd: apiDir, timeout: 120_000 });
  const migratedAt = performance.now();

  const [memberHash, fixedPasswordHash] = await Promise.all([
    argon2.hash(MEMBER_PASSWORD, { type: argon2.argon2id, ...ARGON2_OPTIONS }),
    argon2.hash(ENROLLED_FIXED_PASSWORD, { type: argon2.argon2id, ...ARGON2_OPTIONS }),
  ]);

  const connection = await mysql.createConnection({ uri: DATABASE_URL, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  try {
    await connection.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const now = new Date();
    const fixture = { companies: [], members: [], cardsByCompany: new Map(), cardCount: SEED.cards, acsCards: [] };

    const companyRows = [];
    for (let k = 1; k <= SEED.companies; k += 1) {
      const base = String(100_000_000_000 + k);
      const corporateNumber = `${corporateNumberCheckDigit(base)}${base}`;
      fixture.companies.push({ id: k, corporateNumber });
      fixture.cardsByCompany.set(k, []);
      companyRows.push([k, corporateNumber, `ベンチ商事${k}株式会社`, `ベンチショウジ${k}`, k % 10 === 0 ? 0 : 1, now, now]);
    }

    const memberRows = [];
    let memberId = 0;
    for (const company of fixture.companies) {
      for (let m = 0; m < SEED.membersPerCompany; m += 1) {
        memberId += 1;
        const loginId = `CW${String(memberId).padStart(8, '0')}`;
        fixture.members.push({ id: memberId, loginId, companyId: company.id });
        memberRows.push([memberId, company.id, loginId, `管理者${memberId}`, `admin${memberId}@bench.example.jp`, memberHash, now, now]);
      }
    }

    const cardRows = [];
    const enrollmentRows = [];
    for (let sequence = 1; sequence <= SEED.cards; sequence += 1) {
      const companyId = ((sequence - 1) % SEED.companies) + 1;
      const pan = jcbNumber(CARD_PREFIX, sequence);
      const pin = pinFor(sequence);
      const slot = Math.floor((sequence - 1) / SEED.companies);
      const state = cardState(slot);
      const encrypted = crypto.encryptPan(pan);
      const replacedBy = state === 'REPLACED' && sequence + SEED.companies <= SEED.cards ? sequence + SEED.companies : null;
      cardRows.push([
        sequence, companyId, encrypted.ciphertext, encrypted.keyId, crypto.fingerprint(pan), pan.slice(0, 4), pan.slice(-4), 'JCB',
        `${27 + (sequence % 5)}${String((sequence % 12) + 1).padStart(2, '0')}`, `BENCH HOLDER ${sequence}`, crypto.pinHash(pan, pin),
        state === 'LOCKED' ? 3 : state === 'ONE_FAILURE' ? 1 : 0, state === 'LOCKED' ? now : null,
        state === 'REPLACED' ? 'REPLACED' : 'ACTIVE', replacedBy, now, now,
      ]);
      if (state === 'ACTIVE' || state === 'ONE_FAILURE') fixture.cardsByCompany.get(companyId).push({ id: sequence, pan, pin });
      const kind = enrollmentKind(slot, companyId);
      // checkout cards for the ACS scenarios: fixed-password enrollments on usable cards, away from the last
      // slots of each company (the portal's enrollment-change scenario re-registers those)
      if (kind === 'PASSWORD' && (state === 'ACTIVE' || state === 'ONE_FAILURE') && slot < SEED.cards / SEED.companies - 8) {
        fixture.acsCards.push({ id: sequence, companyId, pan, expiry: cardRows[cardRows.length - 1][8], secureId: `bsid${String(sequence).padStart(6, '0')}` });
      }
      if (kind) {
        const secureId = `bsid${String(sequence).padStart(6, '0')}`;
        const phone = `+8190${String(10_000_000 + sequence).slice(-8)}`;
        enrollmentRows.push([
          sequence, secureId, secureId.toLowerCase(), kind === 'PASSWORD' ? 'PASSWORD' : 'OTP', kind === 'PASSWORD' ? null : phone,
          kind === 'PASSWORD' ? fixedPasswordHash : null, kind === 'REREGISTRATION_REQUIRED' ? 'REREGISTRATION_REQUIRED' : 'REGISTERED', now, now,
        ]);
      }
    }
    const preparedAt = performance.now();

    const applicationRows = [];
    for (let i = 1; i <= SEED.applications; i += 1) {
      const base = String(200_000_000_000 + i);
      const corporateNumber = `${corporateNumberCheckDigit(base)}${base}`;
      const bucket = i % 10;
      const status = bucket < 3 ? 'RECEIVED' : bucket < 8 ? 'APPROVED' : 'REJECTED';
      const received = new Date(now.getTime() - (SEED.applications - i) * 60_000);
      applicationRows.push([
        i, status, receiptNumber(i, received, receiptKeyBytes, config.businessTimeZone), corporateNumber, status === 'REJECTED' ? null : corporateNumber, `申込商事${i}株式会社`, `モウシコミショウジ${i}`,
        '100-0005', `東京都千代田区丸の内1-${i}`, '03-1234-5678', `申込 太郎${i}`, 'モウシコミ タロウ', '経理部',
        `applicant${i}@bench.example.jp`, '090-1234-5678', '2026-04', received, '192.0.2.10', 'Mozilla/5.0 (bench)', received,
        status === 'RECEIVED' ? null : now, status === 'REJECTED' ? '審査の結果、お受けできません。' : null,
      ]);
    }

    await connection.beginTransaction();
    await insertRows(connection, 'companies', ['id', 'corporate_number', 'name', 'name_kana', 'fraud_data_sharing', 'created_at', 'updated_at'], companyRows, 1000);
    await insertRows(connection, 'members', ['id', 'company_id', 'login_id', 'name', 'email', 'password_hash', 'password_changed_at', 'created_at'], memberRows, 1000);
    await connection.commit();

    await connection.beginTransaction();
    await insertRows(connection, 'cards', [
      'id', 'company_id', 'pan_ciphertext', 'pan_key_id', 'pan_fingerprint', 'first4', 'last4', 'brand', 'expiry_yymm', 'holder_name',
      'pin_hash', 'pin_fail_count', 'pin_locked_at', 'status', 'replaced_by_card_id', 'created_at', 'updated_at',
    ], cardRows, 5000);
    await connection.commit();

    await connection.beginTransaction();
    await insertRows(connection, 'enrollments', [
      'card_id', 'secure_id', 'secure_id_key', 'method', 'phone_e164', 'password_hash', 'status', 'created_at', 'updated_at',
    ], enrollmentRows, 5000);
    await connection.commit();

    await connection.beginTransaction();
    await insertRows(connection, 'signup_applications', [
      'id', 'status', 'receipt_number', 'corporate_number', 'active_corporate_number', 'company_name', 'company_name_kana', 'postal_code', 'address',
      'company_phone', 'admin_name', 'admin_name_kana', 'admin_department', 'admin_email', 'admin_phone', 'terms_version', 'consent_at',
      'consent_ip', 'consent_user_agent', 'received_at', 'decided_at', 'rejection_reason',
    ], applicationRows, 2000);
    await connection.commit();

    await connection.query('ANALYZE TABLE companies, members, cards, enrollments, signup_applications');
    const seconds = (performance.now() - started) / 1000;
    const [[counts]] = await connection.query(
      `SELECT (SELECT COUNT(*) FROM companies) AS companies, (SELECT COUNT(*) FROM members) AS members,
              (SELECT COUNT(*) FROM cards) AS cards, (SELECT COUNT(*) FROM enrollments) AS enrollments,
              (SELECT COUNT(*) FROM signup_applications) AS applications`,
    );
    const [states] = await connection.query(
      `SELECT CONCAT(c.status, IF(c.pin_locked_at IS NULL, '', '+PIN_LOCKED'), ' / ', COALESCE(CONCAT(e.method, ':', e.status), 'UNREGISTERED')) AS state,
              COUNT(*) AS cards
         FROM cards c LEFT JOIN enrollments e ON e.card_id = c.id GROUP BY state ORDER BY cards DESC`,
    );
    fixture.summary = {
      seconds: Number(seconds.toFixed(1)),
      migrateSeconds: Number(((migratedAt - started) / 1000).toFixed(1)),
      cryptoSeconds: Number(((preparedAt - migratedAt) / 1000).toFixed(1)),
      counts: Object.fromEntries(Object.entries(counts).map(([name, value]) => [name, Number(value)])),
      cardStates: states.map((row) => ({ state: row.state, cards: Number(row.cards) })),
    };
    log(`seeded in ${fixture.summary.seconds} s: ${JSON.stringify(fixture.summary.counts)}`);
    return fixture;
  } finally {
    await connection.end();
  }
}


/**
 * `pnpm bench --scale`: `count` sealed audit events spread over the chains, chained and MACed with the API's
 * own functions under the bench audit key (so that verification has real work), dated over the last 11 months
 * (inside the retention period). Generated and inserted in chunks: memory stays flat whatever the count.
 */
export async function seedAuditEvents(count) {
  const started = performance.now();
  const mysql = requireFromApi('mysql2/promise');
  const { auditMac, AUDIT_CHAINS, GENESIS_HASH } = await importApiDist('modules/audit/audit-chain.js');
  const { BENCH_KEYS } = await import('./common.mjs');
  const key = Buffer.from(BENCH_KEYS.AUDIT_KEY, 'base64');
  const connection = await mysql.createConnection({ uri: DATABASE_URL, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  try {
    await connection.query('SET SESSION unique_checks = 0');
    const heads = (await connection.query('SELECT chain, seq, hash FROM audit_chain_heads ORDER BY chain'))[0]
      .map((row) => ({ chain: Number(row.chain), seq: Number(row.seq), hash: row.hash ?? GENESIS_HASH }));
    const now = Date.now();
    const span = 330 * 86_400_000;
    const actions = ['LOGIN_SUCCEEDED', 'CARD_INQUIRY_SUCCEEDED', 'PIN_FAILED', 'APPLICATION_VIEWED', 'ENROLLMENT_REGISTERED'];
    const CHUNK = 50_000;
    for (let done = 0; done < count; done += CHUNK) {
      const rows = [];
      for (let i = done; i < Math.min(count, done + CHUNK); i += 1) {
        // 1,000-event runs per chain, as the sealer writes them (one chain per pass)
        const head = heads[Math.floor(i / 1000) % AUDIT_CHAINS];
        const row = {
          chain: head.chain, seq: head.seq + 1, occurred_at: new Date(now - span + Math.floor((i / count) * span)),
          actor_type: i % 2 ? 'MEMBER' : 'STAFF', actor_id: String(1 + (i % 1000)), action: actions[i % actions.length], target_type: 'CARD',
          target_id: String(1 + (i % 100_000)), ip: '192.0.2.10', user_agent: 'Mozilla/5.0 (bench)', detail: null,
        };
        const hash = auditMac(key, 'a1', head.hash, row);
        rows.push([row.chain, row.seq, row.occurred_at, row.actor_type, row.actor_id, row.action, row.target_type, row.target_id, row.ip, row.user_agent, row.detail, head.hash, hash, 'a1']);
        head.seq = row.seq;
        head.hash = hash;
      }
      await connection.beginTransaction();
      await insertRows(connection, 'audit_events', ['chain', 'seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'user_agent', 'detail', 'prev_hash', 'hash', 'key_id'], rows, 5000);
      await connection.commit();
      if ((done / CHUNK) % 20 === 0) log(`audit events: ${(done + rows.length).toLocaleString('en')} / ${count.toLocaleString('en')}`);
    }
    for (const head of heads) await connection.query('UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [head.seq, head.hash, head.chain]);
    await connection.query('ANALYZE TABLE audit_events');
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    log(`seeded ${count.toLocaleString('en')} audit events in ${seconds} s`);
    return { count, seconds };
  } finally {
    await connection.end();
  }
}
