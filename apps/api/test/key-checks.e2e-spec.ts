/**
 * A start with a key the database was not set up with is refused, naming the key (database/key-checks.ts);
 * a rotation to a new key id is not.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { createDataSource } from '../src/database/data-source.js';
import { checkKeysAgainstDatabase } from '../src/database/key-checks.js';
import { TEST_KEYS, testDatabaseUrl } from './support/test-app.js';

let url: string;
let db: DataSource;
beforeAll(async () => {
  url = await testDatabaseUrl();
  db = createDataSource(url);
  await db.initialize();
});
afterAll(async () => { await db.destroy(); });

const keysOf = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, ...TEST_KEYS, ...env }).keys;
const refusal = (env: Record<string, string>) => checkKeysAgainstDatabase(url, keysOf(env)).then(() => undefined, (error: unknown) => error);

describe('key check values', () => {
  it('are recorded at the first start and let the same keys start again', async () => {
    await checkKeysAgainstDatabase(url, keysOf());
    const rows = await db.query('SELECT name, key_id FROM key_checks ORDER BY name, key_id');
    expect(rows.map((row: { name: string; key_id: string }) => `${row.name}/${row.key_id}`)).toEqual([
      'AUDIT_KEY/a1', 'AUDIT_SIGNING_KEY/-', 'OTP_KEY/-', 'PAN_ENCRYPTION_KEY/k1', 'PAN_FINGERPRINT_KEY/-', 'PIN_KEY/-',
    ]);
    await expect(checkKeysAgainstDatabase(url, keysOf())).resolves.toBeUndefined();
  });

  it('refuse a start with another key, naming it and showing nothing of either key', async () => {
    const otherPin = randomBytes(32).toString('base64');
    const error = await refusal({ PIN_KEY: otherPin });
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^PIN_KEY: not the key this database was set up with/);
    for (const secret of [otherPin, TEST_KEYS.PIN_KEY]) expect(message).not.toContain(secret);
    const both = (await refusal({ PAN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), AUDIT_KEY: randomBytes(32).toString('base64') })) as Error;
    expect(both.message).toMatch(/^PAN_ENCRYPTION_KEY \(id k1\), AUDIT_KEY \(id a1\): not the keys/);
  });

  it('let a rotation start (a new key id, the old key kept to verify), and refuse the old id with another key', async () => {
    const rotated = { AUDIT_KEY: randomBytes(32).toString('base64'), AUDIT_KEY_ID: 'a2', AUDIT_PREVIOUS_KEYS: `a1:${TEST_KEYS.AUDIT_KEY}` };
    await expect(checkKeysAgainstDatabase(url, keysOf(rotated))).resolves.toBeUndefined();
    expect((await db.query("SELECT COUNT(*) AS n FROM key_checks WHERE name = 'AUDIT_KEY'"))[0].n).toBe(2);
    expect(await refusal({ ...rotated, AUDIT_KEY: randomBytes(32).toString('base64') })).toBeInstanceOf(ConfigError);
    expect(await refusal({ ...rotated, AUDIT_PREVIOUS_KEYS: `a1:${randomBytes(32).toString('base64')}` })).toBeInstanceOf(ConfigError);
  });
});
