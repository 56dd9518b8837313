/**
 * Issue 15: SIGTERM on the built processes (apps/api/dist, rebuilt first). A request is in flight — its body
 * only half sent — when the signal arrives: readiness answers 503 while the process drains, then the listener
 * stops accepting, the request is finished and answered, and the process exits 0 within the shutdown deadline.
 * A request that never finishes cannot hold the process: the hard deadline ends it with exit code 1.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHUTDOWN_DEADLINE_MS } from '../src/graceful-shutdown.js';
import { DsPeer } from './support/ds-peer.js';
import { SmtpSink } from './support/sinks.js';
import { ACS_TEST_SECRETS } from './support/test-acs.js';
import { TEST_KEYS, testDatabaseUrl } from './support/test-app.js';
import { buildAReq } from './support/three-ds-server.js';

const apiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// long enough that the first readiness poll after the signal lands inside the drain even on a loaded machine
const DRAIN_MS = 2500;
let mail: SmtpSink;
let ds: DsPeer;

beforeAll(async () => {
  // the test is about the built entry points: build them from the sources under test
  execFileSync('pnpm', ['--filter', '@corpweb/shared-types', '--filter', '@corpweb/api', 'run', 'build'], { cwd: apiDir, stdio: 'ignore' });
  mail = new SmtpSink();
  ds = new DsPeer();
  await Promise.all([mail.start(), ds.start()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([mail?.stop(), ds?.stop()]);
});

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  metricsPort: number;
  exited: Promise<{ code: number | null; at: number }>;
  output: () => string;
}

async function startBuilt(script: 'main.js' | 'acs-main.js', healthPath: string): Promise<Started> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: await testDatabaseUrl(),
    HOST: '127.0.0.1',
    WEB_ORIGIN: 'http://localhost:5173',
    SMTP_URL: mail.url(),
    MAINTENANCE_WINDOW: '',
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    ...TEST_KEYS,
    ...(script === 'main.js'
      ? { PORT: String(port), METRICS_PORT: String(metricsPort) }
      : { ACS_PORT: String(port), ACS_METRICS_PORT: String(metricsPort), ACS_PUBLIC_URL: `http://127.0.0.1:${port}`, ACS_DS_URL: ds.url(), ...ACS_TEST_SECRETS }),
  };
  const child = spawn(process.execPath, [resolve(apiDir, 'dist', script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolveExit) => child.once('exit', (code) => resolveExit({ code, at: performance.now() })));
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`${script} exited at start:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}${healthPath}`).then((r) => r.status === 200, () => false);
    if (ready) return { child, port, metricsPort, exited, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready:\n${output}`);
}

/** A POST whose body is sent in two parts: the server holds it as in flight until finish() sends the rest. */
function halfSentRequest(port: number, path: string, body: string) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const answered = new Promise<string>((resolveAnswer) => socket.once('close', () => resolveAnswer(received)));
  socket.on('error', () => undefined);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 4)}`);
  // the server closes the connection after answering (Connection: close while draining)
  return { answered, finish: () => socket.write(body.slice(4)) };
}

/** Polls readiness after SIGTERM: every answer until the listener closes; resolves once it refuses connections. */
async function readinessUntilClosed(port: number, readyPath: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 400; i += 1) {
    const status = await fetch(`http://127.0.0.1:${port}${readyPath}`, { headers: { connection: 'close' } }).then((r) => r.status, () => undefined);
    if (status === undefined) return statuses;
    statuses.push(status);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the listener never closed');
}

describe.each([
  { name: 'portal', script: 'main.js' as const, prefix: '/api/v1', path: '/api/v1/session', body: JSON.stringify({ loginId: 'nobody-here', password: 'Not-the-password-1' }) },
  { name: 'ACS', script: 'acs-main.js' as const, prefix: '', path: '/3ds/v2/areq', body: JSON.stringify(buildAReq({ cardNumber: '3540000000000000' } as never)) },
])('SIGTERM on the built $name', ({ script, prefix, path, body }) => {
  it('drains (readiness 503), finishes the in-flight request, and exits 0 within the deadline', async () => {
    const started = await startBuilt(script, `${prefix}/health/ready`);
    const request = halfSentRequest(started.port, path, body);
    // the request is in flight once the server has its headers: a readiness answer on another connection
    // after that proves the server read them before the signal
    expect((await fetch(`http://127.0.0.1:${started.port}${prefix}/health/live`)).status).toBe(200);
    const signalledAt = performance.now();
    started.child.kill('SIGTERM');
    const statuses = await readinessUntilClosed(started.port, `${prefix}/health/ready`);
    // every answer after the signal is 503 except, at most, the ones that raced the signal's delivery
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(statuses.slice(statuses.indexOf(503))).toEqual(statuses.slice(statuses.indexOf(503)).map(() => 503));
    // the metrics listener still answers while the process waits for the request
    expect((await fetch(`http://127.0.0.1:${started.metricsPort}/metrics`)).status).toBe(200);
    request.finish();
    const answer = await request.answered;
    expect(answer).toMatch(/^HTTP\/1\.1 (200|401) /);
    const exit = await started.exited;
    expect({ code: exit.code, output: started.output() }).toEqual({ code: 0, output: expect.stringContaining('SIGTERM received') });
    expect(exit.at - signalledAt).toBeLessThan(SHUTDOWN_DEADLINE_MS);
  }, 60_000);
});

describe('the shutdown deadline', () => {
  it('ends a process whose in-flight request never finishes with exit code 1', async () => {
    const started = await startBuilt('main.js', '/api/v1/health/ready');
    halfSentRequest(started.port, '/api/v1/session', JSON.stringify({ loginId: 'nobody-here', password: 'Not-the-password-1' }));
    expect((await fetch(`http://127.0.0.1:${started.port}/api/v1/health/live`)).status).toBe(200);
    started.child.kill('SIGTERM');
    const exit = await started.exited;
    expect(exit.code).toBe(1);
    expect(started.output()).toContain('shutdown did not finish within 10 s');
  }, 60_000);
});
