/**
 * `pnpm bench` (after `pnpm build`): seeds a dedicated database, starts the production build of the API and a
 * bare-fastify baseline as child processes, drives both with autocannon from this process, and reports req/s,
 * p50/p99, errors and the ratio to the baseline for every scenario, plus argon2's own rate, API memory, and a
 * 100,000-line card import. Writes bench/results/latest.json and the generated block of docs/PERFORMANCE.md.
 *
 * Every loop is bounded, all traffic goes to 127.0.0.1, and the child processes are stopped on any exit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { argon2VerifyRate } from './lib/argon2-rate.mjs';
import { authHeaders, enrollmentChange, getJson, mapLimited, memberLogin, openEnrollmentGrants, staffLogin, USER_AGENT } from './lib/clients.mjs';
import {
  CONNECTIONS, DATABASE_URL, DURATION, IMPORT_LINES, MEMBER_PASSWORD, SEED, importApiDist, jcbNumber, log, pinFor, requireFromApi, resultsDir, sleep,
} from './lib/common.mjs';
import { medianRun, rotating, runLoad } from './lib/load.mjs';
import { areqRequests, cardCursor, challengeLoad, expectTransStatus, seedAcsHistory, startDirectoryServer } from './lib/acs.mjs';
import { printAcsSummary, writeAcsReport } from './lib/acs-report.mjs';
import { apiEnv, cpuSecondsOf, heapAfterGc, memoryOf, settle, startAcs, startApi, startBaseline, stopProcess } from './lib/processes.mjs';
import { printScaleSummary, printSummary, writeApiReport, writeScaleReport } from './lib/report.mjs';
import { seedAuditEvents, seedDatabase } from './lib/seed.mjs';

const IDLE_WAIT_MS = 35_000;
/** `pnpm bench --only acs`: seed, the baseline, and the ACS scenarios only (about 2 minutes) */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'acs') throw new Error(`--only ${ONLY}: only "acs" is supported`);
/**
 * `pnpm bench --scale`: 10× the data (1,000,000 cards, 1,000,000 applications, 10,000,000 audit events) and the
 * scenarios whose cost must not grow with it (inquiry, list, audit verification), compared with the last 100k run.
 */
const SCALE = process.argv.includes('--scale');
if (SCALE) {
  SEED.cards = 1_000_000;
  SEED.applications = 1_000_000;
}
const SCALE_AUDIT_EVENTS = Number(process.env.BENCH_SCALE_AUDIT_EVENTS ?? 10_000_000);
const SESSIONS = 100;

function machine() {
  let mariadb = 'unknown';
  try {
    mariadb = execFileSync('mysql', ['-uroot', '-h127.0.0.1', '-N', '-e', 'SELECT VERSION()'], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    // the mysql client is optional; the version is only informative
  }
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    mariadb,
    loadAverageAtStart: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function mariadbPid() {
  try {
    // the oldest mariadbd: the server on 3306 (other test harnesses may start and stop their own meanwhile)
    return Number(execFileSync('pgrep', ['-o', 'mariadbd'], { encoding: 'utf8' }).trim()) || undefined;
  } catch {
    return undefined;
  }
}

const STATUS_NAMES = ['Questions', 'Com_commit', 'Innodb_data_fsyncs', 'Innodb_row_lock_waits', 'Innodb_row_lock_time'];
let statusConnection;

/** MariaDB's global counters (server-wide: other databases' traffic on this server is included). */
async function serverStatus() {
  if (!statusConnection) statusConnection = await requireFromApi('mysql2/promise').createConnection(DATABASE_URL);
  const [rows] = await statusConnection.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_NAMES.map(() => '?').join(',')})`, STATUS_NAMES);
  return Object.fromEntries(rows.map((row) => [row.Variable_name, Number(row.Value)]));
}

/**
 * Runs a load scenario and records who used the CPU meanwhile: the API process, mariadbd (which also serves
 * anyone else's tests on this machine) and this process (autocannon), in % of one core.
 */
async function measured(api, name, options) {
  const settledSeconds = await settle(api.pid);
  const dbPid = mariadbPid();
  const statusBefore = await serverStatus();
  const before = { api: cpuSecondsOf(api.pid), db: dbPid ? cpuSecondsOf(dbPid) : 0, self: process.cpuUsage(), at: performance.now(), load1: os.loadavg()[0] };
  const summary = await runLoad(name, options);
  const statusAfter = await serverStatus();
  const answered = Math.max(1, summary.requests);
  const delta = (key) => statusAfter[key] - statusBefore[key];
  // per answered request; commits and statements of requests still running at the end make these slight overestimates
  summary.database = {
    statementsPerRequest: Number(((delta('Questions') - 1) / answered).toFixed(1)),
    commitsPerRequest: Number((delta('Com_commit') / answered).toFixed(2)),
    fsyncsPerSecond: Math.round(delta('Innodb_data_fsyncs') / summary.seconds),
    rowLockWaits: delta('Innodb_row_lock_waits'),
    rowLockWaitMsAverage: delta('Innodb_row_lock_waits') ? Number((delta('Innodb_row_lock_time') / delta('Innodb_row_lock_waits')).toFixed(1)) : 0,
  };
  const seconds = (performance.now() - before.at) / 1000;
  const self = process.cpuUsage(before.self);
  let dbSeconds;
  try {
    dbSeconds = dbPid ? cpuSecondsOf(dbPid) : undefined;
  } catch {
    dbSeconds = undefined; // that mariadbd has gone
  }
  summary.cpuPercent = {
    api: Math.round(((cpuSecondsOf(api.pid) - before.api) / seconds) * 100),
    mariadb: dbSeconds !== undefined ? Math.round(((dbSeconds - before.db) / seconds) * 100) : undefined,
    loadGenerator: Math.round(((self.user + self.system) / 1e6 / seconds) * 100),
  };
  summary.loadAverage1m = Number(before.load1.toFixed(2));
  summary.settledSeconds = settledSeconds;
  return summary;
}

/**
 * Warms the one-SELECT baseline up and returns its request generator: every seventh card of the seed, in turn.
 */
async function warmedBaseline(baseline, fixture) {
  const lookupCards = [...fixture.cardsByCompany.values()].flat().filter((_, index) => index % 7 === 0);
  let index = 0;
  const next = () => {
    const card = lookupCards[index % lookupCards.length];
    index += 1;
    return { method: 'POST', path: '/baseline/card-lookup', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardNumber: card.pan }) };
  };
  await runLoad('baseline warm-up', { url: baseline.base, next, duration: 2, captureErrors: false, quiet: true });
  return next;
}

/** Request generator for card inquiries: sessions in turn, each walking its own company's cards. */
function inquiryRequests(sessions, fixture, startOffset) {
  let counter = 0;
  const cursor = new Map(sessions.map((session) => [session, startOffset]));
  return () => {
    const session = sessions[counter % sessions.length];
    counter += 1;
    const cards = fixture.cardsByCompany.get(session.companyId);
    const position = cursor.get(session);
    cursor.set(session, position + 1);
    const card = cards[position % cards.length];
    return {
      method: 'POST',
      path: '/api/v1/card-inquiries',
      headers: { ...authHeaders(session), 'content-type': 'application/json' },
      body: JSON.stringify({ cardNumber: card.pan, pin: card.pin }),
    };
  };
}

async function cardImport(api, staff, fixture, prefix = '3541') {
  const lines = ['corporate_number,card_number,expiry_yymm,pin,holder_name'];
  for (let i = 1; i <= IMPORT_LINES; i += 1) {
    const company = fixture.companies[(i - 1) % fixture.companies.length];
    lines.push(`${company.corporateNumber},${jcbNumber(prefix, i)},29${String((i % 12) + 1).padStart(2, '0')},${pinFor(i)},IMPORT HOLDER ${i}`);
  }
  const csv = Buffer.from(`${lines.join('\n')}\n`);
  const rssBefore = memoryOf(api.pid);
  const heapBefore = await heapAfterGc(api.pid);
  // live heap after a full GC as the import passes 25 / 50 / 75 % of its lines: a streaming import stays flat
  const heapDuring = [];
  const started = performance.now();
  const rssSamples = [];
  const sampler = setInterval(() => rssSamples.push({ at: performance.now() - started, rssMb: memoryOf(api.pid).rssMb }), 100);
  const progress = [];
  try {
    const response = await fetch(`${api.base}/api/v1/backoffice/card-imports`, {
      method: 'POST',
      headers: { ...authHeaders(staff), 'content-type': 'text/csv' },
      body: csv,
      signal: AbortSignal.timeout(60_000),
    });
    const accepted = await response.json();
    const uploadSeconds = (performance.now() - started) / 1000;
    if (response.status !== 202) throw new Error(`card import answered ${response.status}: ${JSON.stringify(accepted)}`);
    let last;
    for (let poll = 0; poll < 900; poll += 1) {
      const { status, body } = await getJson(`${api.base}/api/v1/backoffice/card-imports/${accepted.importId}`, staff);
      if (status !== 200) throw new Error(`import progress answered ${status}`);
      last = body;
      const at = Number(((performance.now() - started) / 1000).toFixed(2));
      if (progress.length === 0 || progress[progress.length - 1].processed !== body.processed || body.status !== progress[progress.length - 1].status) {
        progress.push({ at, status: body.status, total: body.total, processed: body.processed, failed: body.failed });
      }
      if (body.status === 'COMPLETED' || body.status === 'FAILED') break;
      const quarter = body.total ? Math.floor((body.processed / body.total) * 4) : 0;
      if (quarter >= 1 && quarter <= 3 && heapDuring.length < quarter) {
        const probe = await heapAfterGc(api.pid);
        heapDuring.push({ processed: body.processed, heapUsedAfterGcMb: probe?.heapUsedAfterGcMb });
      }
      await sleep(200);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    // memory over the import's duration, in quarters: a streaming import plateaus early, a buffering one climbs
    const quarterMax = [0, 1, 2, 3].map((quarter) => Math.max(
      ...rssSamples.filter((sample) => sample.at >= (quarter * seconds * 1000) / 4 && sample.at < ((quarter + 1) * seconds * 1000) / 4).map((sample) => sample.rssMb),
    ));
    const peakRss = Math.max(rssBefore.rssMb, ...rssSamples.map((sample) => sample.rssMb));
    const result = {
      lines: IMPORT_LINES,
      bytes: csv.length,
      uploadSeconds: Number(uploadSeconds.toFixed(2)),
      seconds: Number(seconds.toFixed(1)),
      status: last?.status,
      imported: (last?.processed ?? 0) - (last?.failed ?? 0),
      failed: last?.failed,
      firstErrors: last?.errors?.slice(0, 3),
      rssBeforeMb: rssBefore.rssMb,
      peakRssMb: peakRss,
      rssAfterMb: memoryOf(api.pid).rssMb,
      rssMaxByQuarterMb: quarterMax,
      heapBeforeMb: heapBefore?.heapUsedAfterGcMb,
      heapDuring,
      afterGc: await heapAfterGc(api.pid),
      progressUpdatesSeen: progress.length,
      progress: progress.filter((_, index) => index % Math.max(1, Math.ceil(progress.length / 12)) === 0 || index === progress.length - 1),
    };
    log(`card import: ${result.status} ${result.imported} cards in ${result.seconds} s (upload ${result.uploadSeconds} s), RSS ${result.rssBeforeMb} → peak ${result.peakRssMb} MB, ${result.progressUpdatesSeen} progress updates`);
    return result;
  } finally {
    clearInterval(sampler);
  }
}

const ACS_FIXED_RATE = 100;

/**
 * The ACS under load (issue 12): the ACS process beside the API on the same database, the in-bench DS, and the
 * scenarios in an order that keeps one from paying for another — frictionless first, then the fixed-rate AReqs
 * (idle, during a login wave, during a card import), the full challenge, and last the challenge-mandated AReqs,
 * whose 30 s CReq timers then fire (N/14 + an RReq each) after the measurements.
 */
async function acsSection(api, staff, fixture, history) {
  const acsResults = {};
  const ds = await startDirectoryServer();
  let acs;
  try {
    acs = await startAcs(ds.url);
    const frictionlessCard = cardCursor(history.frictionless);
    const challengeCard = cardCursor(history.challenge);
    const frictionless = { url: acs.base, next: areqRequests(frictionlessCard), expect: expectTransStatus('Y') };
    await sleep(2000);
    await runLoad('ACS AReq warm-up', { ...frictionless, duration: 3, quiet: true });
    acsResults.frictionless = await measured(acs, 'ACS frictionless AReq → ARes (Y)', frictionless);

    // AReqs at a fixed rate, the p99 a checkout sees: idle, during a login wave, during a 100k-line import
    const fixedRate = { ...frictionless, connections: 10, overallRate: ACS_FIXED_RATE };
    acsResults.fixedRateIdle = await measured(acs, `ACS frictionless AReq @${ACS_FIXED_RATE}/s, portal idle`, fixedRate);
    let loginIndex = 0;
    await settle(api.pid);
    const wave = runLoad('portal login wave (beside the ACS)', {
      url: api.base,
      duration: DURATION + 3,
      next: () => {
        const member = fixture.members[loginIndex % fixture.members.length];
        loginIndex += 1;
        return { method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT }, body: JSON.stringify({ loginId: member.loginId, password: MEMBER_PASSWORD }) };
      },
    });
    await sleep(1500);
    acsResults.fixedRateLogin = await measured(acs, `ACS frictionless AReq @${ACS_FIXED_RATE}/s, during a login wave`, fixedRate);
    acsResults.loginWave = await wave;
    await settle(api.pid);
    await settle(acs.pid);
    const importRun = cardImport(api, staff, fixture, '3542');
    await sleep(1000);
    acsResults.fixedRateImport = await measured(acs, `ACS frictionless AReq @${ACS_FIXED_RATE}/s, during a 100k-line card import`, { ...fixedRate, duration: Math.min(DURATION, 8) });
    acsResults.importBeside = await importRun;

    // the full challenge against argon2's own rate, measured right before it on the same machine
    await settle(api.pid);
    await settle(acs.pid);
    acsResults.argon2 = await argon2VerifyRate(5);
    log(`argon2id verify: ${acsResults.argon2.verifiesPerSecond}/s`);
    await settle(acs.pid);
    const cpuBefore = cpuSecondsOf(acs.pid);
    const dbPid = mariadbPid();
    const dbBefore = dbPid ? cpuSecondsOf(dbPid) : 0;
    const load1 = os.loadavg()[0];
    const at = performance.now();
    acsResults.challenge = await challengeLoad(acs.base, ds, challengeCard, { cardholders: 20, seconds: DURATION });
    const seconds = (performance.now() - at) / 1000;
    acsResults.challenge.cpuPercent = { acs: Math.round(((cpuSecondsOf(acs.pid) - cpuBefore) / seconds) * 100), mariadb: dbPid ? Math.round(((cpuSecondsOf(dbPid) - dbBefore) / seconds) * 100) : undefined };
    acsResults.challenge.loadAverage1m = Number(load1.toFixed(2));

    await settle(acs.pid);
    acsResults.mandated = await measured(acs, 'ACS challenge-mandated AReq → ARes (C)', {
      url: acs.base, next: areqRequests(challengeCard, { challengeInd: '04' }), expect: expectTransStatus('C'),
    });
    acsResults.cardsUsed = { frictionless: frictionlessCard.used(), frictionlessSet: history.frictionless.length, challenge: challengeCard.used(), challengeSet: history.challenge.length };
    acsResults.rreqsReceived = ds.count();
    acsResults.fixedRate = ACS_FIXED_RATE;
    acsResults.seededHistoryRows = history.seededHistoryRows;
  } finally {
    if (acs) await stopProcess(acs);
    await ds.close();
  }
  return acsResults;
}

async function explainListQueries(deepCursor) {
  const mysql = requireFromApi('mysql2/promise');
  const connection = await mysql.createConnection(DATABASE_URL);
  try {
    const plans = {};
    const sql = 'SELECT id, status, corporate_number, company_name, admin_name, received_at, decided_at FROM signup_applications';
    for (const [name, query, params] of [
      ['page 1', `${sql} ORDER BY id DESC LIMIT ?`, [101]],
      ['page 1,000', `${sql} WHERE id < ? ORDER BY id DESC LIMIT ?`, [deepCursor, 101]],
      ['RECEIVED, deep', `${sql} WHERE status = ? AND id < ? ORDER BY id DESC LIMIT ?`, ['RECEIVED', deepCursor, 101]],
    ]) {
      const [rows] = await connection.query(`EXPLAIN ${query}`, params);
      plans[name] = rows.map((row) => ({ type: row.type, key: row.key, rows: Number(row.rows), extra: row.Extra }));
    }
    const [[fingerprintPlan]] = await connection.query('EXPLAIN SELECT * FROM cards WHERE pan_fingerprint = ?', [Buffer.alloc(32)]);
    plans['card by fingerprint'] = [{ type: fingerprintPlan.type, key: fingerprintPlan.key, rows: Number(fingerprintPlan.rows), extra: fingerprintPlan.Extra }];
    return plans;
  } finally {
    await connection.end();
  }
}

/** The cursor of page 1,000 (100 per page): the 99,900th newest application. */
async function deepCursorOf() {
  const connection = await requireFromApi('mysql2/promise').createConnection(DATABASE_URL);
  try {
    const [[{ id }]] = await connection.query('SELECT id FROM signup_applications ORDER BY id DESC LIMIT 1 OFFSET 99899');
    return Number(id);
  } finally {
    await connection.end();
  }
}

async function listScenarios(api, staff, results) {
  const deepCursor = await deepCursorOf();
  const deep = await getJson(`${api.base}/api/v1/backoffice/signup-applications?limit=100&cursor=${deepCursor}`, staff);
  if (deep.status !== 200 || deep.body.items.length !== 100) throw new Error('page 1,000 is not a full page');
  const listRequest = (query) => () => ({ path: `/api/v1/backoffice/signup-applications?${query}`, headers: authHeaders(staff) });
  // the list's floor: the same pages from bare fastify + mysql2 (one session read, the page SELECT, the same JSON)
  const floor = await startBaseline();
  // three rounds of floor, page 1, page 1,000, medians: the ratios are targets, and one run swings with the host
  const runs = { listFloor: [], listPage1: [], listPage1000: [] };
  try {
    const floorRequest = (query) => () => ({ path: `/baseline/application-list-floor?${query}`, headers: authHeaders(staff) });
    const floorDeep = await getJson(`${floor.base}/baseline/application-list-floor?cursor=${deepCursor}`, staff);
    if (floorDeep.status !== 200 || JSON.stringify(floorDeep.body) !== JSON.stringify(deep.body)) throw new Error('the list floor does not answer the API\'s page');
    await runLoad('list floor warm-up', { url: floor.base, next: floorRequest('limit=100'), duration: 2, captureErrors: false, quiet: true });
    for (let round = 1; round <= 3; round += 1) {
      runs.listFloor.push(await measured(floor, `baseline: the list page's floor (1 session read + the page SELECT), bare, run ${round}/3`, {
        url: floor.base, next: floorRequest('limit=100'), captureErrors: false,
      }));
      runs.listPage1.push(await measured(api, `back office list, page 1, run ${round}/3`, { url: api.base, next: listRequest('limit=100'), captureErrors: false }));
      runs.listPage1000.push(await measured(api, `back office list, page 1,000, run ${round}/3`, { url: api.base, next: listRequest(`limit=100&cursor=${deepCursor}`), captureErrors: false }));
    }
  } finally {
    await stopProcess(floor);
  }
  for (const [key, measuredRuns] of Object.entries(runs)) {
    results.scenarios[`${key}Runs`] = measuredRuns;
    results.scenarios[key] = medianRun(measuredRuns);
  }
}

/**
 * Three card-inquiry loads in a row, each followed by the API's VmRSS and its live heap after a full GC: memory
 * that grew from one to the next would be a leak. They run after the throughput scenarios because the forced GC
 * slowed what came next: over four processes each, the second and third inquiry run after a probe did 1,072–1,223
 * req/s at 85–91 % of a core with p99 84–120 ms, the same runs without one 1,304–1,404 req/s at 79–80 %, p99 56–61 ms.
 */
async function memoryRuns(api, sessions, fixture, results) {
  for (let runIndex = 0; runIndex < 3; runIndex += 1) {
    await runLoad(`card inquiry, memory run ${runIndex + 1}/3`, { url: api.base, next: inquiryRequests(sessions, fixture, 300 + runIndex * 40), duration: Math.max(2, DURATION / 2) });
    await settle(api.pid);
    results.memory.afterRuns.push({ after: `card inquiry memory run ${runIndex + 1}`, ...memoryOf(api.pid), ...(await heapAfterGc(api.pid)) });
  }
}

/**
 * Audit verification over HTTP: the whole log (events/s, the API's memory sampled meanwhile), then, after a short
 * burst of inquiries, only what was appended since the verified checkpoint that the first run recorded.
 */
async function auditVerification(api, staff, sessions, fixture) {
  const timed = async (query) => {
    const rssBefore = memoryOf(api.pid).rssMb;
    const heapBefore = await heapAfterGc(api.pid);
    const samples = [];
    const sampler = setInterval(() => samples.push(memoryOf(api.pid).rssMb), 100);
    const started = performance.now();
    const { status, body } = await getJson(`${api.base}/api/v1/backoffice/audit-events/verification${query}`, staff, 600_000);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (status !== 200) throw new Error(`verification answered ${status}`);
    return {
      ok: body.ok, brokenAt: body.brokenAt, checked: body.checked, seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(body.checked / seconds), rssBeforeMb: rssBefore, rssPeakMb: Math.max(rssBefore, ...samples),
      heapBeforeMb: heapBefore?.heapUsedAfterGcMb, heapAfterMb: (await heapAfterGc(api.pid))?.heapUsedAfterGcMb,
    };
  };
  await settle(api.pid);
  const full = await timed('');
  log(`audit verification: ${full.checked} events in ${full.seconds} s = ${full.eventsPerSecond}/s, ok ${full.ok}`);
  await runLoad('inquiries between verifications', { url: api.base, next: inquiryRequests(sessions, fixture, 400), duration: 2, quiet: true });
  await sleep(1500); // the sealing bound
  const incremental = await timed('?since=checkpoint');
  log(`incremental audit verification: ${incremental.checked} new events in ${incremental.seconds} s, ok ${incremental.ok}`);
  const again = await timed('?since=checkpoint');
  return { full, incremental, nothingNew: again };
}

/**
 * The card inquiry as production runs it, RATE_LIMITS on: three limits counted a request (per member, per
 * company, per source address). A second API process trusts the bench as its proxy, so each request comes from
 * an address of its own (X-Forwarded-For), and the load is spread over 3 members of each of the 200 companies so
 * that no limit is reached within a run (30 per member per 10 minutes, 100 per company per hour): every answer
 * must be 200. The bench's main API keeps the limits off, as its one address and 100 sessions would meet them.
 */
async function limitedInquiry(fixture) {
  const limited = await startApi({ RATE_LIMITS: 'true', TRUST_PROXY: '127.0.0.1' });
  try {
    const members = fixture.companies.flatMap((company) => fixture.members.filter((member) => member.companyId === company.id).slice(0, 3));
    const sessions = await mapLimited(members, 16, (member) => memberLogin(limited.base, member));
    const inquiry = inquiryRequests(sessions, fixture, 300);
    let address = 0;
    const next = () => {
      const request = inquiry();
      address += 1;
      const forwardedFor = `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
      return { ...request, headers: { ...request.headers, 'x-forwarded-for': forwardedFor } };
    };
    // at most 10 s whatever BENCH_DURATION says: a longer run would meet the per-company limit (100 an hour)
    return await measured(limited, 'card inquiry, rate limits on (production setting)', { url: limited.base, next, duration: Math.min(DURATION, 10) });
  } finally {
    await stopProcess(limited);
  }
}

async function main() {
  const wallStart = performance.now();
  const results = { only: ONLY, machine: machine(), settings: { durationSeconds: DURATION, connections: CONNECTIONS, database: DATABASE_URL.replace(/\/\/[^@]*@/, '//'), nodeEnv: 'production' }, scenarios: {} };
  log(`machine: ${results.machine.nproc} cores, ${results.machine.memoryGb} GB, node ${results.machine.node}, load ${results.machine.loadAverageAtStart.join(' ')}`);

  const fixture = await seedDatabase(apiEnv(3000));
  results.seed = fixture.summary;
  if (SCALE) results.seed.auditEvents = await seedAuditEvents(SCALE_AUDIT_EVENTS);
  results.scale = SCALE;
  const history = await seedAcsHistory(fixture, apiEnv(3000));

  let api;
  let baseline;
  try {
    api = await startApi();
    if (ONLY === 'acs') {
      // quick mode: the run's own baseline, then the ACS section only (the portal serves the login wave and the import)
      baseline = await startBaseline();
      const baselineRequest = await warmedBaseline(baseline, fixture);
      results.scenarios.baseline = await measured(baseline, 'baseline: fastify + 1 indexed SELECT', { url: baseline.base, next: baselineRequest, captureErrors: false });
      await stopProcess(baseline);
      baseline = undefined;
      results.acs = await acsSection(api, await staffLogin(api.base), fixture, history);
      results.machine.loadAverageAtEnd = os.loadavg().map((value) => Number(value.toFixed(2)));
      return;
    }
    await sleep(2000);
    const idleCpuStart = cpuSecondsOf(api.pid);
    await sleep(3000);
    const justStartedMb = memoryOf(api.pid).rssMb;
    const idleCpuPercent = Number((((cpuSecondsOf(api.pid) - idleCpuStart) / 3) * 100).toFixed(1));
    // idle = after V8's memory reducer has collected the start-up garbage, which it does once allocation has
    // stayed low for a while (20–30 s after start here); 5 s after start the garbage is still resident
    await sleep(IDLE_WAIT_MS);
    results.memory = {
      justStartedMb,
      idleAfterStartMb: memoryOf(api.pid).rssMb,
      idleAfterSeconds: (IDLE_WAIT_MS + 5000) / 1000,
      idleCpuPercent,
      idleAfterGc: await heapAfterGc(api.pid),
      afterRuns: [],
    };
    log(`API RSS ${justStartedMb} MB 5 s after start, ${results.memory.idleAfterStartMb} MB idle after ${results.memory.idleAfterSeconds} s, idle CPU ${idleCpuPercent} %`);

    // --- baseline: bare fastify + one indexed SELECT, same database, same cards
    baseline = await startBaseline();
    const baselineRequest = await warmedBaseline(baseline, fixture);

    results.scenarios.health = await measured(api, 'API GET /health (Nest + TypeORM SELECT 1)', {
      url: api.base, next: () => ({ path: '/api/v1/health' }), duration: Math.max(2, DURATION / 2), captureErrors: false,
    });

    // --- member sessions: one member of each of the first SESSIONS companies
    const members = fixture.companies.slice(0, SESSIONS).map((company) => fixture.members.find((member) => member.companyId === company.id));
    const sessions = await mapLimited(members, 16, (member) => memberLogin(api.base, member));
    log(`${sessions.length} member sessions`);

    // --- three rounds of: the one-SELECT baseline, the card inquiry's floor from bare fastify + mysql2 (one read,
    // one write round trip; other cards of the same companies), the card inquiry. Each reference is measured in
    // the same minute as the runs it is compared with, and each reports its median: this host's speed drifts
    // by a third over an afternoon, so one reference measured minutes earlier moved the ratios by itself.
    const floorRequests = inquiryRequests(sessions, fixture, 600);
    const floorRequest = () => ({ ...floorRequests(), path: '/baseline/card-inquiry-floor' });
    await runLoad('floor warm-up', { url: baseline.base, next: floorRequest, duration: 2, quiet: true });
    await runLoad('card inquiry warm-up', { url: api.base, next: inquiryRequests(sessions, fixture, 0), duration: Math.min(3, DURATION), quiet: true });
    const baselineRuns = [];
    const floorRuns = [];
    const inquiryRuns = [];
    for (let runIndex = 0; runIndex < 3; runIndex += 1) {
      const round = `run ${runIndex + 1}/3`;
      baselineRuns.push(await measured(baseline, `baseline: fastify + 1 indexed SELECT, ${round}`, { url: baseline.base, next: baselineRequest, captureErrors: false }));
      floorRuns.push(await measured(baseline, `baseline: the card inquiry's floor (1 read + 1 write round trip), bare, ${round}`, { url: baseline.base, next: floorRequest }));
      inquiryRuns.push(await measured(api, `card inquiry, ${round}`, { url: api.base, next: inquiryRequests(sessions, fixture, 20 + runIndex * 40) }));
    }
    await stopProcess(baseline);
    baseline = undefined;
    results.scenarios.baselineRuns = baselineRuns;
    results.scenarios.baseline = medianRun(baselineRuns);
    results.scenarios.inquiryFloorRuns = floorRuns;
    results.scenarios.inquiryFloor = medianRun(floorRuns);
    results.scenarios.cardInquiryRuns = inquiryRuns;
    results.scenarios.cardInquiry = medianRun(inquiryRuns);
    if (SCALE) {
      const staff = await staffLogin(api.base);
      results.explain = await explainListQueries(await deepCursorOf());
      await listScenarios(api, staff, results);
      results.auditVerification = await auditVerification(api, staff, sessions, fixture);
      results.machine.loadAverageAtEnd = os.loadavg().map((value) => Number(value.toFixed(2)));
      return;
    }
    results.scenarios.cardInquiry256 = await measured(api, 'card inquiry, 256 connections', {
      url: api.base, next: inquiryRequests(sessions, fixture, 200), connections: 256,
    });
    results.scenarios.cardInquiryLimited = await limitedInquiry(fixture);

    // --- enrollment change with a fixed password: fresh inquiries on cards no other scenario touches
    const nextGrant = rotating(await openEnrollmentGrants(api.base, sessions.slice(0, 50), fixture.cardsByCompany));
    const enrollmentRequest = () => enrollmentChange(nextGrant());
    // its ceiling, measured right before its runs (as login's is before login): the hash rate drifts with the host
    await settle(api.pid);
    results.enrollmentArgon2 = await argon2VerifyRate(5);
    log(`argon2id verify before the enrollment runs: ${results.enrollmentArgon2.verifiesPerSecond}/s`);
    // three runs, the median reported: one run's verdict moved by ±3 points with the machine alone
    const enrollmentRuns = [];
    for (let runIndex = 0; runIndex < 3; runIndex += 1) {
      // measured() settles first: the previous run's queued changes drain before the next run starts
      enrollmentRuns.push(await measured(api, `enrollment change (PASSWORD), run ${runIndex + 1}/3`, { url: api.base, next: enrollmentRequest }));
    }
    results.scenarios.enrollmentRuns = enrollmentRuns;
    results.scenarios.enrollment = medianRun(enrollmentRuns, 'okPerSecond');

    // --- login, with light traffic on other endpoints to show hashing does not starve them
    const light = (name, path) => ({ url: api.base, next: () => ({ path, headers: { 'user-agent': USER_AGENT } }), connections: 2, overallRate: 20 });
    const lightDuration = Math.max(2, DURATION / 2);
    await settle(api.pid);
    results.scenarios.lightIdle = await Promise.all([
      runLoad('terms (idle server)', { ...light('terms', '/api/v1/terms/current'), duration: lightDuration }),
      runLoad('static / (idle server)', { ...light('static', '/'), duration: lightDuration }),
    ]);
    // the login ceiling, measured right before the login load so both see the same machine
    results.argon2 = await argon2VerifyRate(5);
    log(`argon2id verify: ${results.argon2.verifiesPerSecond}/s (one verify ${results.argon2.singleVerifyMs} ms)`);
    let loginIndex = 0;
    const [login, ...lightUnderLogin] = await Promise.all([
      measured(api, 'login', {
        url: api.base,
        next: () => {
          const member = fixture.members[loginIndex % fixture.members.length];
          loginIndex += 1;
          return { method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT }, body: JSON.stringify({ loginId: member.loginId, password: MEMBER_PASSWORD }) };
        },
      }),
      runLoad('terms during login load', light('terms', '/api/v1/terms/current')),
      runLoad('static / during login load', light('static', '/')),
    ]);
    results.scenarios.login = login;
    results.scenarios.lightUnderLogin = lightUnderLogin;

    // --- back-office list: page 1 vs page 1,000 (keyset cursor) of 100k applications, 100 per page
    const staff = await staffLogin(api.base);
    results.explain = await explainListQueries(await deepCursorOf());
    await listScenarios(api, staff, results);

    // --- memory, after every throughput scenario: a full GC before a measured run slowed it (see memoryRuns)
    await memoryRuns(api, sessions, fixture, results);
    results.auditVerification = await auditVerification(api, staff, sessions, fixture);
    await settle(api.pid);
    results.memory.afterRuns.push({ after: 'all load scenarios', ...memoryOf(api.pid), ...(await heapAfterGc(api.pid)) });

    // --- card-master import of 100,000 lines
    await settle(api.pid);
    results.cardImport = await cardImport(api, staff, fixture);

    // --- the ACS beside the portal
    await settle(api.pid);
    results.acs = await acsSection(api, staff, fixture, history);
    results.machine.loadAverageAtEnd = os.loadavg().map((value) => Number(value.toFixed(2)));
  } finally {
    await statusConnection?.end().catch(() => undefined);
    if (baseline) await stopProcess(baseline);
    if (api) await stopProcess(api);
    await finish(results, wallStart);
  }
}

async function finish(results, wallStart) {
  results.floorsMs = (await importApiDist('common/http/response-floor.js')).ResponseFloorsMs;
  results.totalSeconds = Number(((performance.now() - wallStart) / 1000).toFixed(0));

  mkdirSync(resultsDir, { recursive: true });
  if (SCALE) {
    if (!results.auditVerification) return;
    writeFileSync(resolve(resultsDir, 'scale-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    printScaleSummary(writeScaleReport(results, resolve(resultsDir, 'latest.json')));
    log(`wrote bench/results/scale-latest.json and docs/PERFORMANCE.md in ${results.totalSeconds} s`);
    return;
  }
  const file = ONLY === 'acs' ? 'acs-latest.json' : 'latest.json';
  if (!results.acs) return;
  const acsReport = writeAcsReport(results);
  writeFileSync(resolve(resultsDir, file), `${JSON.stringify(results, null, 2)}\n`);
  if (ONLY !== 'acs') printSummary(writeApiReport(results));
  printAcsSummary(acsReport);
  log(`wrote bench/results/${file} and docs/PERFORMANCE.md in ${results.totalSeconds} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
