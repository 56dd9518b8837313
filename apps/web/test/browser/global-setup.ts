/**
 * Browser tests run the product as a user gets it: the production build of the SPA served by the built API
 * (a child process) on a fresh MariaDB database, emails and SMS kept in the dev outbox. A second API process
 * on the same database has a maintenance window around "now", for the maintenance page, and the ACS runs as its
 * own process on the same database; so does a portal process at http://localhost for the passkey screens.
 * (jest loads this file as CommonJS outside its ESM pipeline: node built-ins only.)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** a window from 5 minutes ago to 2 hours ahead, in Tokyo time */
function windowAroundNow(): string {
  const minutes = (offset: number) => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(Date.now() + offset * 60_000));
    return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
  };
  return `${minutes(-5)}-${minutes(120)}`;
}

/** every process this setup started, so that a failure part-way leaves none of them running */
const started: ChildProcess[] = [];

async function startApi(
  env: Record<string, string>, log: string, process_ = { script: 'apps/api/dist/main.js', port: env.PORT, health: '/api/v1/health' },
): Promise<{ pid: number; url: string }> {
  const child = spawn(process.execPath, [process_.script], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${process_.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API (${log}) exited: ${stderr}`);
    try {
      const response = await fetch(`${url}${process_.health}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`API (${log}) did not become healthy: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  child.unref();
  return { pid: child.pid!, url };
}

export default async function globalSetup(): Promise<void> {
  try {
    await startAll();
  } catch (error) {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
}

async function startAll(): Promise<void> {
  // jest sets NODE_ENV=test, which would make Vite build a development bundle: build what users get
  if (process.env.BROWSER_SKIP_BUILD !== 'true') {
    execFileSync('pnpm', ['-r', 'run', 'build'], { cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const server = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const database = `corpweb_browser_${Date.now().toString(36)}_${process.pid}`;
  const key = () => randomBytes(32).toString('base64');
  const common = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    DATABASE_URL: `${server}/${database}`,
    WEB_DIST_DIR: join(repo, 'apps/web/dist'),
    INITIAL_STAFF_LOGIN_ID: 'supervisor',
    INITIAL_STAFF_PASSWORD: 'Qz7!mLw#2pVx',
    LOG_LEVEL: 'warn',
    // several portals and an ACS run side by side here, and a developer's `pnpm start` may hold the default ports
    METRICS_PORT: '0',
    ACS_METRICS_PORT: '0',
    PAN_ENCRYPTION_KEY: key(),
    PAN_FINGERPRINT_KEY: key(),
    PIN_KEY: key(),
    OTP_KEY: key(),
    AUDIT_KEY: key(),
    AUDIT_SIGNING_KEY: key(),
    // development would keep them in the repository's .data/audit-checkpoints/<database>: one folder per test run
    // would pile up there. These processes share one temporary directory, as a cluster's instances would.
    AUDIT_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), 'corpweb-browser-checkpoints-')),
    SMTP_URL: '',
    SMS_GATEWAY_URL: '',
    CONTACT_DESK_NAME: 'ブラウザテスト法人カードデスク',
    CONTACT_DESK_PHONE: '0120-555-123',
    CONTACT_DESK_HOURS: '9:00〜17:00(土・日・祝日休)',
  };
  const port = await freePort();
  const app = await startApi({ ...common, PORT: String(port), WEB_ORIGIN: `http://127.0.0.1:${port}`, MAINTENANCE_WINDOW: '' }, 'app');
  const maintenancePort = await freePort();
  const maintenanceWindow = windowAroundNow();
  const maintenance = await startApi(
    { ...common, PORT: String(maintenancePort), WEB_ORIGIN: `http://127.0.0.1:${maintenancePort}`, MAINTENANCE_WINDOW: maintenanceWindow },
    'maintenance',
  );
  // passkeys: WebAuthn refuses an IP address as relying party ID, so a third portal process on the same database
  // answers at http://localhost, with the staff second factor on (as in production) for the passkey screens
  const passkeyPort = await freePort();
  const passkey = await startApi(
    { ...common, PORT: String(passkeyPort), WEB_ORIGIN: `http://localhost:${passkeyPort}`, MAINTENANCE_WINDOW: '', STAFF_TOTP: 'true' },
    'passkey',
  );
  // the ACS as its own process, on another origin (localhost, not 127.0.0.1) than the merchant page that frames it
  const acsPort = await freePort();
  const dsPort = await freePort();
  const acs = await startApi({
    ...common, ACS_PORT: String(acsPort), ACS_PUBLIC_URL: `http://localhost:${acsPort}`, ACS_DS_URL: `http://127.0.0.1:${dsPort}/ds/rreq`,
    ACS_AV_KEY: key(), ACS_VERIFY_TOKEN: randomBytes(24).toString('base64url'),
  }, 'acs', { script: 'apps/api/dist/acs-main.js', port: String(acsPort), health: '/health' });
  process.env.BROWSER_ACS_URL = `http://localhost:${acsPort}`;
  process.env.BROWSER_DS_PORT = String(dsPort);
  process.env.BROWSER_BASE_URL = app.url;
  process.env.BROWSER_MAINTENANCE_URL = maintenance.url;
  process.env.BROWSER_PASSKEY_URL = `http://localhost:${passkeyPort}`;
  process.env.BROWSER_MAINTENANCE_WINDOW = maintenanceWindow;
  process.env.BROWSER_DATABASE_URL = common.DATABASE_URL;
  process.env.BROWSER_STAFF_PASSWORD = common.INITIAL_STAFF_PASSWORD;
  writeFileSync(join(tmpdir(), `corpweb-browser-${process.pid}.json`), JSON.stringify({ pids: [app.pid, maintenance.pid, passkey.pid, acs.pid], server, database }));
}
