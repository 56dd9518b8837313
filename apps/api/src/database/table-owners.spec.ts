/**
 * One owner per table: outside migrations and tests, only the owner's files INSERT INTO, UPDATE or DELETE FROM a
 * table (reads may join another module's table). The map below is the same as in docs/ARCHITECTURE.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../', import.meta.url));

/** table → the files (under src/) allowed to write it */
const OWNERS: Record<string, string[]> = {
  acs_transactions: ['modules/acs/transactions/acs-transactions.repository.ts'],
  acs_messages: ['modules/acs/transactions/acs-message-log.repository.ts'],
  signup_applications: ['modules/applications/signup-applications.repository.ts'],
  application_notes: ['modules/applications/signup-applications.repository.ts'],
  // the audit module: appends (service), chaining (the one sealer) and retention (archive and delete)
  audit_events: ['modules/audit/audit.service.ts', 'modules/audit/audit-sealer.service.ts', 'modules/audit/audit-retention.service.ts'],
  audit_chain_heads: ['modules/audit/audit.service.ts', 'modules/audit/audit-sealer.service.ts', 'modules/audit/audit-retention.service.ts'],
  audit_leases: ['modules/audit/audit-leases.repository.ts'],
  members: ['modules/auth/members.repository.ts'],
  staff: ['modules/auth/staff.repository.ts'],
  password_tokens: ['modules/auth/password-tokens.repository.ts'],
  companies: ['modules/company/companies.repository.ts'],
  // the card master writes the cards; the inquiry's PIN counter is the one column cards/ changes
  cards: ['modules/card-master/card-master.repository.ts', 'modules/cards/card-inquiry.repository.ts'],
  card_imports: ['modules/card-master/card-imports.repository.ts'],
  card_import_errors: ['modules/card-master/card-imports.repository.ts'],
  card_inquiries: [], // written by the grant_card_inquiry procedure (a migration), called from cards/card-inquiry.repository.ts
  enrollments: ['modules/enrollment/enrollments.repository.ts'],
  otp_verifications: ['modules/enrollment/otp-verifications.repository.ts'],
  outbox_messages: ['modules/outbox/outbox.service.ts', 'modules/outbox/outbox.worker.ts'],
  rate_limits: [], // written by rate-limiter-flexible through common/rate-limit/rate-limits.service.ts
  sessions: ['modules/session/session.service.ts'],
  terms_versions: [],
  webauthn_credentials: ['modules/auth/passkey/passkey.service.ts'],
  webauthn_challenges: ['modules/auth/passkey/passkey.service.ts'],
};

/**
 * Writes still made outside the owner, each with the reason it has not moved yet. The test fails when one of
 * these is gone too (then delete its line), so the list only shrinks.
 */
const NOT_YET_MOVED: Record<string, string[]> = {
  // a reissue forgets the old card's inquiry grants; card_inquiries belongs to cards/card-inquiry.repository.ts
  'modules/card-master/card-lifecycle.service.ts': ['card_inquiries'],
};

const WRITE = /\b(INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+`?([A-Za-z_${}.]+)/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : files(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** file → the tables it writes (a table name built at run time shows as its expression) */
function writesByFile(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const path of files(src)) {
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(WRITE)) {
      const before = text.slice(Math.max(0, match.index - 4), match.index);
      if (match[1] === 'UPDATE' && /KEY\s$|FOR\s$/.test(before)) continue; // ON DUPLICATE KEY UPDATE, FOR UPDATE
      const table = match[2] ?? '';
      if (!(table in OWNERS) && !table.includes('${')) continue; // prose ("UPDATE of …") or a column
      const file = relative(src, path);
      if (!found.has(file)) found.set(file, new Set());
      found.get(file)!.add(table);
    }
  }
  return found;
}

describe('table owners', () => {
  const writes = writesByFile();

  it('finds the writes it is meant to police (the scanner itself works)', () => {
    expect(writes.get('modules/auth/members.repository.ts')).toContain('members');
    expect(writes.get('modules/acs/transactions/acs-transactions.repository.ts')).toContain('acs_transactions');
  });

  it('only the owner of a table writes it', () => {
    const strays: Record<string, string[]> = {};
    for (const [file, tables] of writes) {
      const foreign = [...tables].filter((table) => !(OWNERS[table] ?? []).includes(file)).sort();
      if (foreign.length > 0) strays[file] = foreign;
    }
    expect(strays).toEqual(NOT_YET_MOVED);
  });

  it('every owner file exists and writes its table', () => {
    const missing = Object.entries(OWNERS).flatMap(([table, owners]) => owners.filter((file) => !writes.get(file)?.has(table)).map((file) => `${table}: ${file}`));
    expect(missing).toEqual([]);
  });
});
