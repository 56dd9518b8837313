/**
 * The cluster harness's topology, on loopback only: a 3-node MariaDB Galera cluster (separate data dirs and
 * ports, SST by rsync), 2 portal and 2 ACS instances of the production build (each on a different Galera node),
 * HAProxy in front of both pairs (readiness checks), Prometheus scraping the four metrics listeners, an SMTP
 * sink, an SMS gateway and a Directory Server that count what they receive by idempotency key.
 * Every process is started here and stopped by `stopAll` (and killed on exit).
 */
import { spawn, execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

import { createServer as createTcpServer } from 'node:net';

function loopbackPort() {
  return new Promise((done, fail) => {
    const server = createTcpServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// the bench's seeder and clients are reused: they read the database URL (which must name a corpweb_bench*
// database) when first imported, so node 1's SQL port is chosen before that
const DATABASE = 'corpweb_bench_cluster';
const FIRST_NODE_SQL_PORT = await loopbackPort();
process.env.BENCH_HEAP_PROBE = '0';
process.env.BENCH_DATABASE_URL = `mysql://root@127.0.0.1:${FIRST_NODE_SQL_PORT}/${DATABASE}`;

const { apiDir, requireFromApi, sleep } = await import('../bench/lib/common.mjs');
const { apiEnv, freePort, startProcess } = await import('../bench/lib/processes.mjs');

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const children = new Set();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export const mysql = requireFromApi('mysql2/promise');

function spawnTracked(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  let output = '';
  const keep = (chunk) => { output = (output + chunk.toString()).slice(-8000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', () => children.delete(child));
  child.output = () => output;
  return child;
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

async function query(port, sql, params = [], database) {
  const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', database, connectTimeout: 2000, timezone: 'Z' });
  try {
    const [rows] = await connection.query(sql, params);
    return rows;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** One Galera node: a mariadbd with its own data dir, SQL port, group-communication, IST and SST ports. */
class GaleraNode {
  constructor(index, root, ports, clusterAddress) {
    Object.assign(this, { index, ports, clusterAddress, name: `node${index}` });
    this.dir = resolve(root, this.name);
    this.dataDir = resolve(this.dir, 'data');
  }

  get url() {
    return `mysql://root@127.0.0.1:${this.ports.sql}/${DATABASE}`;
  }

  args(bootstrap) {
    const { sql, gcomm, ist, sst } = this.ports;
    return [
      '--no-defaults', '--user=mysql', `--datadir=${this.dataDir}`, `--socket=${this.dir}/mysqld.sock`, `--pid-file=${this.dir}/mysqld.pid`,
      `--port=${sql}`, '--bind-address=127.0.0.1', '--skip-name-resolve', `--log-error=${this.dir}/error.log`,
      '--innodb-buffer-pool-size=128M', '--innodb-log-file-size=48M', '--max-connections=300',
      // what Galera requires: row-based replication, interleaved auto-increment locks, InnoDB
      '--binlog-format=ROW', '--innodb-autoinc-lock-mode=2', '--default-storage-engine=InnoDB',
      // a read waits until this node has applied what the cluster committed before it: a session created
      // through one instance is found by the next request on another
      '--wsrep-sync-wait=1',
      '--wsrep-on=ON', `--wsrep-provider=${GALERA_PROVIDER}`, '--wsrep-cluster-name=corpweb-cluster-test',
      `--wsrep-cluster-address=${this.clusterAddress}`, `--wsrep-node-name=${this.name}`, `--wsrep-node-address=127.0.0.1:${gcomm}`,
      `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${gcomm};ist.recv_addr=127.0.0.1:${ist};gcache.size=128M`,
      '--wsrep-sst-method=rsync', `--wsrep-sst-receive-address=127.0.0.1:${sst}`,
      ...(bootstrap ? ['--wsrep-new-cluster'] : []),
    ];
  }

  start(bootstrap = false) {
    this.process = spawnTracked('/usr/sbin/mariadbd', this.args(bootstrap));
    return this.waitSynced();
  }

  async status() {
    const rows = await query(this.ports.sql, "SHOW STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size', 'wsrep_ready')");
    return Object.fromEntries(rows.map((row) => [row.Variable_name, row.Value]));
  }

  waitSynced(timeoutMs = 120_000) {
    return waitFor(`${this.name} to be Synced`, async () => {
      if (this.process.exitCode !== null) throw new Error(`${this.name} exited:\n${this.process.output()}`);
      const status = await this.status();
      return status.wsrep_local_state_comment === 'Synced' && status.wsrep_ready === 'ON' ? status : undefined;
    }, timeoutMs);
  }

  /** A crash, not a shutdown: SIGKILL. */
  async kill() {
    const exited = new Promise((done) => this.process.once('exit', done));
    this.process.kill('SIGKILL');
    await exited;
  }

  query(sql, params) {
    return query(this.ports.sql, sql, params, DATABASE);
  }
}

export async function startGalera(root) {
  const ports = [];
  for (let i = 0; i < 3; i += 1) ports.push({ sql: i === 0 ? FIRST_NODE_SQL_PORT : await freePort(), gcomm: await freePort(), ist: await freePort(), sst: await freePort() });
  const clusterAddress = `gcomm://${ports.map((p) => `127.0.0.1:${p.gcomm}`).join(',')}`;
  const nodes = ports.map((p, i) => new GaleraNode(i + 1, root, p, clusterAddress));
  for (const node of nodes) mkdirSync(node.dataDir, { recursive: true });
  // mariadbd runs as mysql (the rsync SST daemon refuses to write as root's "nobody")
  execFileSync('chown', ['-R', 'mysql:mysql', root]);
  // only the first node gets system tables; the others receive everything by SST
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${nodes[0].dataDir}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' });
  execFileSync('chown', ['-R', 'mysql:mysql', root]);
  await nodes[0].start(true);
  // one joiner at a time: each takes a full SST from a donor
  await nodes[1].start();
  await nodes[2].start();
  return nodes;
}

/** SMTP sink, SMS gateway and Directory Server: each delivery counted by its idempotency key. */
export async function startSinks() {
  const { SMTPServer } = requireFromApi('smtp-server');
  const { simpleParser } = requireFromApi('mailparser');
  const mails = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream).then((mail) => {
        mails.push({ messageId: mail.messageId, to: Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text, subject: mail.subject, text: mail.text ?? '' });
        callback();
      }).catch(callback);
    },
  });
  await new Promise((done) => smtp.listen(0, '127.0.0.1', done));
  const sms = [];
  const rreqs = [];
  const http = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (request.url === '/sms') {
        sms.push({ key: request.headers['idempotency-key'], to: body.to, body: body.body });
        response.writeHead(202).end();
        return;
      }
      rreqs.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        messageType: 'RRes', messageVersion: body.messageVersion, threeDSServerTransID: body.threeDSServerTransID,
        dsTransID: body.dsTransID, acsTransID: body.acsTransID, resultsStatus: '01',
      }));
    });
  });
  await new Promise((done) => http.listen(0, '127.0.0.1', done));
  const httpPort = http.address().port;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp.server.address().port}`,
    smsUrl: `http://127.0.0.1:${httpPort}/sms`,
    dsUrl: `http://127.0.0.1:${httpPort}/ds/rreq`,
    mails, sms, rreqs,
    close: async () => {
      await new Promise((done) => smtp.close(done));
      http.closeAllConnections();
      await new Promise((done) => http.close(done));
    },
  };
}

/** The bench's production environment plus what production also requires of the portal. */
export function clusterEnv(port) {
  return {
    ...apiEnv(port),
    CONTACT_DESK_NAME: 'クラスタ試験デスク', CONTACT_DESK_PHONE: '0120-000-000', CONTACT_DESK_HOURS: '9:00-17:00',
  };
}

const ACS_SECRETS = { ACS_AV_KEY: Buffer.alloc(32, 0xc5).toString('base64'), ACS_VERIFY_TOKEN: 'cluster-verify-token-0123456789abcdef' };

async function readyAt(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.status === 200;
}

/** A portal (main.js) or ACS (acs-main.js) instance on one Galera node. */
export async function startInstance(kind, name, node, sinks, root) {
  const port = await freePort();
  const metricsPort = await freePort();
  const env = {
    ...clusterEnv(port),
    DATABASE_URL: node.url,
    SMTP_URL: sinks.smtpUrl,
    SMS_GATEWAY_URL: sinks.smsUrl,
    OUTBOX_POLL_MS: '200',
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: kind === 'portal' ? String(metricsPort) : '0',
    ACS_METRICS_PORT: kind === 'acs' ? String(metricsPort) : '0',
    AUDIT_CHECKPOINT_DIR: resolve(root, `${name}-audit-checkpoints`),
    ...(kind === 'acs' ? { ACS_PORT: String(port), ACS_PUBLIC_URL: 'https://acs.cluster.invalid', ACS_DS_URL: sinks.dsUrl, ...ACS_SECRETS } : {}),
  };
  if (kind === 'acs') delete env.PORT;
  const script = resolve(apiDir, kind === 'acs' ? 'dist/acs-main.js' : 'dist/main.js');
  const base = `http://127.0.0.1:${port}`;
  const readyPath = kind === 'acs' ? '/health/ready' : '/api/v1/health/ready';
  const handle = await startProcess(name, script, env, () => readyAt(`${base}${readyPath}`), 90_000);
  return { ...handle, kind, name, node, base, port, metricsPort, readyPath };
}

export async function startHaproxy(root, portals, acses) {
  const portalPort = await freePort();
  const acsPort = await freePort();
  const backend = (name, instances) => [
    `backend ${name}`,
    '  balance roundrobin',
    '  option redispatch',
    '  retry-on conn-failure',
    `  option httpchk GET ${instances[0].readyPath}`,
    '  http-check expect status 200',
    // a crashed instance is routed around at once (retry-on conn-failure + redispatch); the health check only
    // has to catch a hung one, and must not take every instance out while Galera holds commits for ~5 s
    // after a node dies (readiness fails then everywhere at once): 8 s at fall 8 × 1 s
    '  default-server inter 1s fall 8 rise 2',
    ...instances.map((instance) => `  server ${instance.name} 127.0.0.1:${instance.port} check`),
  ].join('\n');
  const config = [
    'global', '  maxconn 4000',
    'defaults', '  mode http', '  timeout connect 1s', '  timeout client 30s', '  timeout server 30s', '  retries 2',
    `frontend portal_in\n  bind 127.0.0.1:${portalPort}\n  default_backend portal`,
    `frontend acs_in\n  bind 127.0.0.1:${acsPort}\n  default_backend acs`,
    backend('portal', portals), backend('acs', acses),
  ].join('\n');
  const file = resolve(root, 'haproxy.cfg');
  writeFileSync(file, `${config}\n`);
  execFileSync('haproxy', ['-c', '-q', '-f', file]);
  const child = spawnTracked('haproxy', ['-db', '-f', file]);
  const portal = `http://127.0.0.1:${portalPort}`;
  const acs = `http://127.0.0.1:${acsPort}`;
  await waitFor('HAProxy', async () => (await readyAt(`${portal}/api/v1/health/ready`)) && (await readyAt(`${acs}/health/ready`)), 30_000);
  return { child, portal, acs };
}

export async function startPrometheus(root, portals, acses) {
  const port = await freePort();
  const targets = (instances) => instances.map((instance) => `'127.0.0.1:${instance.metricsPort}'`).join(', ');
  const file = resolve(root, 'prometheus.yml');
  writeFileSync(file, [
    'global:', '  scrape_interval: 1s', '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: portal', `    static_configs: [{ targets: [${targets(portals)}] }]`,
    '  - job_name: acs', `    static_configs: [{ targets: [${targets(acses)}] }]`,
  ].join('\n'));
  const storage = resolve(root, 'prometheus-data');
  mkdirSync(storage, { recursive: true });
  const child = spawnTracked('prometheus', [`--config.file=${file}`, `--storage.tsdb.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`]);
  const base = `http://127.0.0.1:${port}`;
  await waitFor('Prometheus', () => readyAt(`${base}/-/ready`), 30_000);
  return {
    child, base,
    async query(promql) {
      const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(5000) });
      const body = await response.json();
      if (body.status !== 'success') throw new Error(`Prometheus: ${JSON.stringify(body)}`);
      return body.data.result;
    },
  };
}

export function makeRoot() {
  const root = mkdtempSync(resolve(tmpdir(), 'corpweb-cluster-'));
  chownSync(root, 0, 0);
  return root;
}

export async function stopChild(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export function removeRoot(root) {
  rmSync(root, { recursive: true, force: true });
}

export { waitFor, sleep };
