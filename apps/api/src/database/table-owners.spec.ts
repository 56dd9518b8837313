/**
 * One owner per table: outside migrations and tests, only the owner's files select FROM, INSERT INTO, UPDATE or
 * DELETE FROM a table (a read whose FROM is the owner's table may JOIN another module's table). A few read
 * models are also allowed to read FROM a table they do not own (READERS). The maps below are the same as in
 * docs/ARCHITECTURE.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../', import.meta.url));

/** table → the files (under src/) allowed to read it FROM and write it */
const OWNERS: Record<string, string[]> = {
  // a decided AReq's row, its AReq/ARes log rows and its audit event are written by the record_areq_decision
  // procedure (a migration) that the transactions repository calls, the bodies masked by the message log's maskedBody()
  acs_transactions: ['modules/acs/transactions/acs-transactions.repository.ts'],
  acs_messages: ['modules/acs/transactions/acs-message-log.repository.ts'],
  signup_applications: ['modules/applications/signup-applications.repository.ts'],
  application_notes: ['modules/applications/signup-applications.repository.ts'],
  // the audit module: appends (service), chaining (the one sealer) and retention (archive and delete)
  audit_events: ['modules/audit/audit.service.ts', 'modules/audit/audit-sealer.service.ts', 'modules/audit/audit-retention.service.ts'],
  audit_chain_heads: ['modules/audit/audit.service.ts', 'modules/audit/audit-sealer.service.ts', 'modules/audit/audit-retention.service.ts'],
  audit_leases: ['modules/audit/audit-leases.repository.ts'],
  key_checks: ['database/key-checks.ts'], // read and written at start-up, before the application exists
  members: ['modules/auth/members.repository.ts'],
  staff: ['modules/auth/staff.repository.ts'],
  password_tokens: ['modules/auth/password-tokens.repository.ts'],
  companies: ['modules/company/companies.repository.ts'],
  // the card master writes the cards; the inquiry's PIN counter is the one column cards/ changes
  cards: ['modules/card-master/card-master.repository.ts', 'modules/cards/card-inquiry.repository.ts'],
  card_imports: ['modules/card-master/card-imports.repository.ts'],
  card_import_errors: ['modules/card-master/card-imports.repository.ts'],
  // grants are written by the grant_card_inquiry procedure (a migration) that the repository calls; it also deletes them
  card_inquiries: ['modules/cards/card-inquiry.repository.ts'],
  enrollments: ['modules/enrollment/enrollments.repository.ts'],
  otp_verifications: ['modules/enrollment/otp-verifications.repository.ts'],
  outbox_messages: ['modules/outbox/outbox.service.ts', 'modules/outbox/outbox.worker.ts'],
  // rate-limiter-flexible reads and sweeps it; each hit is written by the store method our limiter gives it
  rate_limits: ['common/rate-limit/one-statement-mysql-limiter.ts'],
  sessions: ['modules/session/session.service.ts'],
  terms_versions: ['modules/applications/terms-versions.repository.ts'], // read only: versions come with migrations
  webauthn_credentials: ['modules/auth/passkey/passkey.service.ts'],
  webauthn_challenges: ['modules/auth/passkey/passkey.service.ts'],
};

/** table → read models allowed to select FROM it too (never to write it), each with its reason */
const READERS: Record<string, string[]> = {
  // the ACS console's keyset listing, summary and timeline: one statement per page, its plans EXPLAINed in test/query-plans
  acs_transactions: ['modules/acs-console/acs-console.repository.ts'],
  acs_messages: ['modules/acs-console/acs-console.repository.ts'],
  // the audit search narrows events in its one statement: a login ID among staff and members (UNION), a card by its last 4
  staff: ['modules/audit/audit.service.ts'],
  // the back-office card search (one statement with the company and enrollment) and the ACS's cardholder lookup
  cards: ['modules/audit/audit.service.ts', 'modules/card-master/backoffice-card.view.ts', 'modules/cards/cards.repository.ts'],
  // company lists that start from the member's row to reach the company, in the same statement
  members: ['modules/acs-console/acs-console.repository.ts', 'modules/audit/audit.service.ts', 'modules/cards/cards.repository.ts'],
  // the session guard's staff check asks whether a passkey exists in its one query (EXISTS subquery)
  webauthn_credentials: ['modules/auth/staff.repository.ts'],
};

/**
 * Writes still made outside the owner, each with the reason it has not moved yet. The test fails when one of
 * these is gone too (then delete its line), so the list only shrinks.
 */
const NOT_YET_MOVED: Record<string, string[]> = {};

/** Reads still made outside the owner and its readers; like NOT_YET_MOVED, this list only shrinks. */
const READS_NOT_YET_MOVED: Record<string, string[]> = {};

// ON DUPLICATE KEY UPDATE and FOR UPDATE are no writes of a table (and must not swallow the statement after them)
const WRITE = /\b(INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|(?<!\b(?:KEY|FOR)\s+)UPDATE|DELETE\s+FROM)\s+`?([A-Za-z_${}.]+)/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : files(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `FROM x` (a JOIN names no FROM, so joined tables are not reads of their own) */
const READ = /\bFROM\s+`?([A-Za-z_${}.]+)/g;

/** The tables one file writes and selects FROM (a table name built at run time shows as its expression). */
function scan(text: string): { writes: Set<string>; reads: Set<string> } {
  const writes = new Set<string>();
  const reads = new Set<string>();
  // prose ("UPDATE of …"), a column (EXTRACT(… FROM column)) or a subquery's alias is no table
  const isTable = (name: string) => name in OWNERS || name.includes('${');
  for (const match of text.matchAll(WRITE)) {
    if (isTable(match[2] ?? '')) writes.add(match[2]!);
  }
  for (const match of text.matchAll(READ)) {
    if (/\bDELETE\s+$/.test(text.slice(Math.max(0, match.index - 12), match.index))) continue; // a write, counted above
    if (isTable(match[1] ?? '')) reads.add(match[1]!);
  }
  return { writes, reads };
}

/** file → what it writes, file → what it reads */
function scanSources(): { writes: Map<string, Set<string>>; reads: Map<string, Set<string>> } {
  const writes = new Map<string, Set<string>>();
  const reads = new Map<string, Set<string>>();
  for (const path of files(src)) {
    const file = relative(src, path);
    const found = scan(readFileSync(path, 'utf8'));
    if (found.writes.size > 0) writes.set(file, found.writes);
    if (found.reads.size > 0) reads.set(file, found.reads);
  }
  return { writes, reads };
}

function strays(found: Map<string, Set<string>>, allowed: (table: string) => string[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [file, tables] of found) {
    const foreign = [...tables].filter((table) => !allowed(table).includes(file)).sort();
    if (foreign.length > 0) result[file] = foreign;
  }
  return result;
}

describe('table owners', () => {
  const { writes, reads } = scanSources();

  it('finds the writes and reads it is meant to police (the scanner itself works)', () => {
    expect(writes.get('modules/auth/members.repository.ts')).toContain('members');
    expect(writes.get('modules/acs/transactions/acs-transactions.repository.ts')).toContain('acs_transactions');
    expect(reads.get('modules/auth/members.repository.ts')).toContain('members');
    expect(reads.get('modules/session/session.service.ts')).toContain('sessions');
  });

  it('reads only FROM: a DELETE FROM is a write, a JOINed table is not read, FOR UPDATE writes nothing', () => {
    const found = scan(`
      DELETE FROM card_inquiries WHERE card_id = ?
      SELECT c.* FROM cards c JOIN members m ON m.company_id = c.company_id LEFT JOIN enrollments e ON e.card_id = c.id
      SELECT id FROM staff WHERE id = ? FOR UPDATE
      INSERT INTO companies (id) VALUES (?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)
      SELECT EXTRACT(YEAR FROM created_at) FROM \`sessions\``);
    expect([...found.reads].sort()).toEqual(['cards', 'sessions', 'staff']);
    expect([...found.writes].sort()).toEqual(['card_inquiries', 'companies']);
  });

  it('only the owner of a table writes it', () => {
    expect(strays(writes, (table) => OWNERS[table] ?? [])).toEqual(NOT_YET_MOVED);
  });

  it('only the owner of a table, or one of its read models, selects FROM it', () => {
    expect(strays(reads, (table) => [...(OWNERS[table] ?? []), ...(READERS[table] ?? [])])).toEqual(READS_NOT_YET_MOVED);
  });

  it('every owner file exists and reads or writes its table', () => {
    const missing = Object.entries(OWNERS).flatMap(([table, owners]) =>
      owners.filter((file) => !writes.get(file)?.has(table) && !reads.get(file)?.has(table)).map((file) => `${table}: ${file}`));
    expect(missing).toEqual([]);
  });

  it('every reader file exists, reads its table and does not write it', () => {
    const wrong = Object.entries(READERS).flatMap(([table, readers]) =>
      readers.filter((file) => !reads.get(file)?.has(table) || writes.get(file)?.has(table)).map((file) => `${table}: ${file}`));
    expect(wrong).toEqual([]);
  });
});
