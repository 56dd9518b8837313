/**
 * Key check values, as payment HSMs keep them: the first start records, per key and key id, 16 bytes of
 * HMAC-SHA256 under the key of a fixed label (one-way: nothing about the key can be learnt from it), and every
 * later start of the portal or the ACS compares. A key that is not the one the database was set up with would
 * leave every encrypted PAN unreadable, every fingerprint and PIN verifier unmatched and the audit chain
 * unverifiable, while new data went on being written under it; the process refuses to start instead, naming the
 * key. The owner of `key_checks`.
 */
import { createHmac } from 'node:crypto';
import { ConfigError, type Keys } from '../config/app-config.js';
import { createDataSource } from './data-source.js';
import { retryingOnConflict } from './retrying-transaction.js';

interface KeyCheck {
  name: string;
  keyId: string;
  value: Buffer;
}

/** `-` for the keys that have no id (they cannot rotate without re-keying the data they protect) */
const NO_ID = '-';

export function keyCheckValue(name: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(`corpweb key check v1 ${name}`).digest().subarray(0, 16);
}

function checksOf(keys: Keys): KeyCheck[] {
  const named: [string, string, Buffer][] = [
    ['PAN_ENCRYPTION_KEY', keys.panEncryptionKeyId, keys.panEncryptionKey],
    ['PAN_FINGERPRINT_KEY', NO_ID, keys.panFingerprintKey],
    ['PIN_KEY', NO_ID, keys.pinKey],
    ['OTP_KEY', NO_ID, keys.otpKey],
    ['AUDIT_KEY', keys.auditKeyId, keys.auditKey],
    ...Object.entries(keys.auditPreviousKeys).map(([keyId, key]): [string, string, Buffer] => ['AUDIT_KEY', keyId, key]),
    ['AUDIT_SIGNING_KEY', NO_ID, keys.auditSigningKey],
  ];
  return named.map(([name, keyId, key]) => ({ name, keyId, value: keyCheckValue(`${name}/${keyId}`, key) }));
}

/** Records the check values of keys (and key ids) seen for the first time; throws ConfigError for a key that differs. */
export async function checkKeysAgainstDatabase(databaseUrl: string, keys: Keys, now = new Date()): Promise<void> {
  const checks = checksOf(keys);
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    // instances starting together insert the same rows (on Galera, on two nodes, the loser fails certification and
    // inserts again: then nothing); with different keys the first one wins and the others fail below
    await retryingOnConflict(() => dataSource.query(
      `INSERT IGNORE INTO key_checks (name, key_id, check_value, created_at) VALUES ${checks.map(() => '(?, ?, ?, ?)').join(', ')}`,
      checks.flatMap((check) => [check.name, check.keyId, check.value, now]),
    ));
    const stored = (await dataSource.query('SELECT name, key_id, check_value FROM key_checks')) as { name: string; key_id: string; check_value: Buffer }[];
    const differing = checks.filter((check) => {
      const row = stored.find((r) => r.name === check.name && r.key_id === check.keyId);
      return row !== undefined && !row.check_value.equals(check.value);
    });
    if (differing.length > 0) {
      const names = differing.map((check) => (check.keyId === NO_ID ? check.name : `${check.name} (id ${check.keyId})`)).join(', ');
      throw new ConfigError(
        `${names}: not the key${differing.length > 1 ? 's' : ''} this database was set up with (the key check value differs). ` +
          'Data written under the right key would be unreadable and new data would be written under this one, so the process does not start. ' +
          'Restore the key from where it is kept; in development, drop the database and remove .data/ to start afresh (README, "Start it").',
      );
    }
  } finally {
    await dataSource.destroy();
  }
}
