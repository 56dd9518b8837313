/**
 * Child processes of the benchmark (the API and the baseline server): started with a bounded wait for
 * readiness, measured through /proc, and always stopped — on success, on failure and on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  BENCH_KEYS, DATABASE_URL, STAFF_LOGIN_ID, STAFF_PASSWORD, apiDir, log, repoRoot, sleep,
} from './common.mjs';

const children = new Set();

function killAll(signal) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

process.on('exit', () => killAll('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll('SIGTERM');
    process.exit(130);
  });
}

/** A free loopback port (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The API's environment: NODE_ENV=production, as deployed (production config validation, no dev outbox,
 * JSON logs at warn, Secure `__Host-` cookies because WEB_ORIGIN is https). The bench sends no Origin header,
 * like any non-browser client, so the Origin allow-list does not get in the way. No SMTP / SMS gateway is
 * configured, so outbox messages stay queued: delivery is not what is being measured.
 */
export function apiEnv(port) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL,
    WEB_ORIGIN: 'https://corpweb-bench.invalid',
    ...BENCH_KEYS,
    DEV_OUTBOX: 'false',
    LOG_LEVEL: 'warn',
    MAINTENANCE_WINDOW: '',
    INITIAL_STAFF_LOGIN_ID: STAFF_LOGIN_ID,
    INITIAL_STAFF_PASSWORD: STAFF_PASSWORD,
    SMTP_URL: '',
    SMS_GATEWAY_URL: '',
    TRUST_PROXY: 'false',
    // the load comes from one address and a few accounts: the per-IP and per-member limits would answer 429
    RATE_LIMITS: 'false',
    // the bench logs staff in with a password only
    STAFF_TOTP: 'false',
    // production refuses to start without the desk users are told to call
    CONTACT_DESK_NAME: 'ベンチ窓口',
    CONTACT_DESK_PHONE: '0120-123-456',
    CONTACT_DESK_HOURS: '9:00-17:00',
    AUDIT_CHECKPOINT_DIR: resolve(tmpdir(), `corpweb-bench-audit-${process.pid}`),
    // no Prometheus listener (its fixed default ports would collide with another run on this machine; the
    // request metrics are still recorded) and no drain delay when the bench stops the process
    METRICS_PORT: '0',
    ACS_METRICS_PORT: '0',
    SHUTDOWN_DRAIN_MS: '0',
    // the heap probe (see heap-probe.mjs) and, for experiments only, BENCH_API_NODE_OPTIONS
    // (e.g. `--max-semi-space-size=2`, `--import ./patch.mjs`): applied to the API, not to the bench process
    NODE_OPTIONS: [HEAP_PROBE ? `--expose-gc --import ${resolve(repoRoot, 'bench/lib/heap-probe.mjs')}` : '', process.env.BENCH_API_NODE_OPTIONS ?? '']
      .join(' ').trim(),
    BENCH_HEAP_PROBE_FILE: HEAP_PROBE_FILE,
  };
}

const HEAP_PROBE = process.env.BENCH_HEAP_PROBE !== '0';
const HEAP_PROBE_FILE = resolve(tmpdir(), `corpweb-bench-heap-${process.pid}.json`);
process.on('exit', () => rmSync(HEAP_PROBE_FILE, { force: true }));

/**
 * Live heap after a full GC in the API (through the heap probe), and VmRSS right after it; undefined when the
 * probe is off. Bounded wait of 5 s.
 */
export async function heapAfterGc(pid) {
  if (!HEAP_PROBE) return undefined;
  rmSync(HEAP_PROBE_FILE, { force: true });
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 50 && !existsSync(HEAP_PROBE_FILE); i += 1) await sleep(100);
  if (!existsSync(HEAP_PROBE_FILE)) return undefined;
  await sleep(50);
  const usage = JSON.parse(readFileSync(HEAP_PROBE_FILE, 'utf8'));
  return {
    heapUsedAfterGcMb: Number((usage.heapUsed / 1048576).toFixed(1)),
    externalAfterGcMb: Number(((usage.external + usage.arrayBuffers) / 1048576).toFixed(1)),
    rssAfterGcMb: memoryOf(pid).rssMb,
  };
}

/** Spawns `node script`, keeps its last output for error messages, and waits until `ready()` resolves true. */
export async function startProcess(name, script, env, ready, timeoutMs = 60_000) {
  const child = spawn(process.execPath, [script], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', () => children.delete(child));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    if (await ready().catch(() => false)) return { name, child, pid: child.pid, output: () => output };
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become ready within ${timeoutMs / 1000} s:\n${output}`);
}

export async function stopProcess(handle) {
  const { child } = handle;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** `env`: settings over the bench's (apiEnv), e.g. rate limits on for the production-setting inquiry */
export async function startApi(env = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const handle = await startProcess('API', resolve(apiDir, 'dist/main.js'), { ...apiEnv(port), ...env }, async () => {
    const response = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  });
  log(`API (production build) listening on ${base}, pid ${handle.pid}`);
  return { ...handle, base, port };
}

export async function startBaseline() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, PORT: String(port), DATABASE_URL, PAN_FINGERPRINT_KEY: BENCH_KEYS.PAN_FINGERPRINT_KEY, PIN_KEY: BENCH_KEYS.PIN_KEY,
    AUDIT_KEY: BENCH_KEYS.AUDIT_KEY, AUDIT_KEY_ID: 'a1',
  };
  const handle = await startProcess('baseline', resolve(repoRoot, 'bench/lib/baseline-server.mjs'), env, async () => {
    const response = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  });
  log(`baseline fastify server listening on ${base}, pid ${handle.pid}`);
  return { ...handle, base, port };
}

/** Resident and peak-resident memory of a process, in MB (VmRSS / VmHWM from /proc/<pid>/status). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Number((kb('VmRSS') / 1024).toFixed(1)), hwmMb: Number((kb('VmHWM') / 1024).toFixed(1)) };
}

/**
 * Waits until the process is idle again (< 10 % of a core over two 250 ms windows, at most `maxMs`): requests
 * that autocannon abandoned at the end of a run are still being worked off (argon2 queues are long), and the
 * next scenario must not pay for them. Returns how long it took.
 */
export async function settle(pid, maxMs = 20_000) {
  const started = performance.now();
  let quiet = 0;
  let last = cpuSecondsOf(pid);
  while (performance.now() - started < maxMs && quiet < 2) {
    await sleep(250);
    const now = cpuSecondsOf(pid);
    quiet = now - last < 0.025 ? quiet + 1 : 0;
    last = now;
  }
  return Number(((performance.now() - started) / 1000).toFixed(1));
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (after pid and comm), in clock ticks (100 Hz on Linux)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The ACS process (apps/api/dist/acs-main.js) against the bench database, in production mode like the API: its
 * public URL is https (TLS terminated in front of it in production), so the bench posts the acsURL's path to
 * the loopback port. RReqs go to `dsUrl` (the in-bench Directory Server). Default risk thresholds.
 */
export async function startAcs(dsUrl) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...apiEnv(0),
    ACS_PORT: String(port),
    ACS_PUBLIC_URL: 'https://acs.bench.invalid',
    ACS_DS_URL: dsUrl,
    ACS_AV_KEY: Buffer.alloc(32, 0xb5).toString('base64'),
    ACS_VERIFY_TOKEN: 'bench-verify-token-0123456789abcdef',
    ACS_TIMER_POLL_MS: process.env.BENCH_ACS_TIMER_POLL_MS ?? '1000',
  };
  delete env.PORT;
  const handle = await startProcess('ACS', resolve(apiDir, 'dist/acs-main.js'), env, async () => {
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  });
  log(`ACS (production build) listening on ${base}, pid ${handle.pid}, RReqs to ${dsUrl}`);
  return { ...handle, base, port };
}
