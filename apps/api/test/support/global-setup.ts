/**
 * One fresh database per test run; migrations applied once, by the same migration CLI production uses.
 * (jest loads this file outside its ESM pipeline, so it runs the built CLI instead of importing TS.)
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default async function globalSetup(): Promise<void> {
  const apiDir = resolve(__dirname, '../..');
  const base = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const name = `corpweb_test_${Date.now().toString(36)}_${process.pid}`;
  process.env.TEST_DATABASE_URL = `${base}/${name}`;
  execFileSync(process.execPath, [resolve(apiDir, '../../node_modules/@swc/cli/bin/swc.js'), 'src', '-d', 'dist', '--strip-leading-paths',
    '--config-file', '../../.swcrc', '--ignore', '**/*.spec.ts', '--quiet'], { cwd: apiDir, stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/database/migrate.js'], {
    cwd: apiDir, stdio: 'inherit', env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
  });
}
