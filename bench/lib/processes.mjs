/**
 * Child processes of the benchmark (the API and the baseline server): started with a bounded wait for
 * readiness, measured through /proc, and always stopped — on success, on failure and on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export async function startApi() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const handle = await startProcess('API', resolve(apiDir, 'dist/main.js'), apiEnv(port), async () => {
    const response = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  });
  log(`API (production build) listening on ${base}, pid ${handle.pid}`);
  return { ...handle, base, port };
}

export async function startBaseline() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), DATABASE_URL, PAN_FINGERPRINT_KEY: BENCH_KEYS.PAN_FINGERPRINT_KEY };
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

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (after pid and comm), in clock ticks (100 Hz on Linux)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
