/** How `pnpm start` behaves for a person at a terminal: readable logs in development, JSON in production, Ctrl-C a clean exit. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOG_REDACT_PATHS, loggerOptions } from './process-foundation.js';

const scripts = (relative: string) =>
  (JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('pnpm start', () => {
  it('logs through pino-pretty in development and as JSON lines in production', () => {
    expect(loggerOptions({ env: 'development', logLevel: 'info' }, false)).toMatchObject({ transport: { target: 'pino-pretty' } });
    expect(loggerOptions({ env: 'production', logLevel: 'info' }, false)).not.toHaveProperty('transport');
    expect(loggerOptions({ env: 'development', logLevel: 'info' }, true)).not.toHaveProperty('transport');
    expect(loggerOptions({ env: 'production', logLevel: 'info' }, false).redact.paths).toEqual(LOG_REDACT_PATHS);
  });

  it('execs the server, so Ctrl-C reaches node without a shell in between that pnpm would report as failed', () => {
    // `sh -c "a && b"` that receives SIGINT exits by that signal even when b exits 0: pnpm then prints ERR_PNPM_…
    expect(scripts('../../../package.json').start).toMatch(/&& exec node scripts\/start\.mjs$/);
    expect(scripts('../package.json')['start:prod']).toMatch(/^NODE_ENV=\$\{NODE_ENV:-development\} exec node /);
  });
});
