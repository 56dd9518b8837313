/**
 * `pnpm start`: validates configuration, creates the database if missing, applies migrations, starts the API
 * (with the outbox worker) and serves the built SPA, then prints where to go.
 */
import './config/thread-pool.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from './config/app-config.js';
import { parseDatabaseUrl } from './database/connection-options.js';
import { checkKeysAgainstDatabase } from './database/key-checks.js';
import { migrate } from './database/migrate.js';
import { createApp } from './app.factory.js';
import { shutDownGracefullyOnSignals } from './graceful-shutdown.js';
import { StaffAccountsService } from './modules/auth/staff-accounts.service.js';
import { MetricsListener } from './modules/metrics/metrics-listener.js';
import { startupBanner } from './startup-banner.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * In development (NODE_ENV=development, which `pnpm start` sets unless told otherwise) a newcomer gets a back-office supervisor without configuring anything: `admin` with a
 * password generated once and kept in the git-ignored .data/ folder (printed at every start).
 */
function devStaffDefaults(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.NODE_ENV !== 'development' || env.INITIAL_STAFF_LOGIN_ID || env.INITIAL_STAFF_PASSWORD) return {};
  const file = resolve(repoRoot, '.data/dev-staff.json');
  if (!existsSync(file)) {
    const password = `Dev-${randomBytes(9).toString('base64url')}#7`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ INITIAL_STAFF_LOGIN_ID: 'admin', INITIAL_STAFF_PASSWORD: password }, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

/**
 * Checkpoints anchor one database's chains, so in development each database has its own folder under .data/: a
 * process started on another database (a test run, another DATABASE_URL) never appends to the one `pnpm start` reads.
 */
function devCheckpointDir(databaseUrl: string): string {
  return resolve(repoRoot, '.data/audit-checkpoints', parseDatabaseUrl(databaseUrl).database);
}

async function main(): Promise<void> {
  const config = loadConfig(
    {
      WEB_DIST_DIR: resolve(repoRoot, 'apps/web/dist'),
      ...(process.env.NODE_ENV === 'development' ? { AUDIT_CHECKPOINT_DIR: devCheckpointDir(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) } : {}),
      ...devStaffDefaults(process.env),
      ...process.env,
    },
    { devKeyFile: resolve(repoRoot, '.data/dev-keys.json') },
  );
  const applied = await migrate(config.databaseUrl);
  await checkKeysAgainstDatabase(config.databaseUrl, config.keys);
  const app = await createApp(config);
  // drain, finish in-flight requests and the outbox batch, exit 0 (a clean Ctrl-C under pnpm, no ERR_PNPM_…)
  shutDownGracefullyOnSignals(app, config.shutdownDrainMs, 'portal');
  await app.listen({ port: config.port, host: config.host });
  if (config.metrics.port !== undefined) await app.get(MetricsListener).listen(config.metrics.port, config.metrics.host);
  // development logs go through a pino-pretty worker thread: let the start-up lines out first, so the banner
  // (with the back-office password) is the last thing on screen rather than buried under them
  if (config.env === 'development') await new Promise((resolve) => setTimeout(resolve, 400));
  const lines = startupBanner(config, applied.length, new Date(), app.get(StaffAccountsService).initialPasswordLogsIn);
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    const err = error as { code?: string; message?: string };
    process.stderr.write(`failed to start: ${err.code ?? ''} ${err.message ?? String(error)}\n`);
  }
  process.exit(1);
});
