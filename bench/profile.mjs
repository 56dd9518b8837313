/**
 * `pnpm bench:profile [inquiry|enrollment|login|health|list|verify|acs|acs-mandated]`: seeds the bench database, runs ONE scenario against the
 * production build with V8's sampling profiler on (after a warm-up), and prints where the API's CPU went: by
 * package and by function (self time), the callers of chosen functions (PROFILE_CALLERS=name,…) and inclusive
 * time per package and chosen frames (PROFILE_INCLUSIVE=name,…). For finding what to optimise, not a
 * benchmark: the profiler slows the API down. The .cpuprofile it names opens in Chrome DevTools. `verify` seeds
 * BENCH_AUDIT_EVENTS sealed audit events (default 1,000,000) and profiles one whole-log verification after one as warm-up.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { authHeaders, enrollmentChange, getJson, mapLimited, memberLogin, openEnrollmentGrants, staffLogin } from './lib/clients.mjs';
import { DURATION, MEMBER_PASSWORD, log, repoRoot, sleep } from './lib/common.mjs';
import { rotating, runLoad } from './lib/load.mjs';
import { areqRequests, cardCursor, seedAcsHistory, startDirectoryServer } from './lib/acs.mjs';
import { apiEnv, startAcs, startApi, stopProcess } from './lib/processes.mjs';
import { seedAuditEvents, seedDatabase } from './lib/seed.mjs';

const scenario = process.argv[2] ?? 'inquiry';
const profileFile = join(mkdtempSync(join(tmpdir(), 'corpweb-profile-')), 'api.cpuprofile');

const fixture = await seedDatabase(apiEnv(3000));
const history = scenario.startsWith('acs') ? await seedAcsHistory(fixture, apiEnv(3000)) : undefined;
if (scenario === 'verify') await seedAuditEvents(Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000));
process.env.BENCH_API_NODE_OPTIONS = `--import ${resolve(repoRoot, 'bench/lib/cpu-profile-hook.mjs')} ${process.env.BENCH_API_NODE_OPTIONS ?? ''}`;
process.env.BENCH_CPU_PROFILE = profileFile;
// the ACS scenarios profile the ACS process (frictionless or challenge-mandated AReqs), the others the API
const ds = history ? await startDirectoryServer() : undefined;
const api = history ? await startAcs(ds.url) : await startApi();
try {
  const members = fixture.companies.slice(0, 100).map((company) => fixture.members.find((member) => member.companyId === company.id));
  const sessions = history || scenario === 'verify' ? [] : await mapLimited(members, 16, (member) => memberLogin(api.base, member));
  const staff = scenario === 'list' || scenario === 'verify' ? await staffLogin(api.base) : undefined;
  // enrollment: fixed-password changes on inquiry grants opened first, four cards per session
  const nextGrant = scenario === 'enrollment' ? rotating(await openEnrollmentGrants(api.base, sessions, fixture.cardsByCompany)) : undefined;
  let counter = 0;
  const next = {
    inquiry: () => {
      const session = sessions[counter % sessions.length];
      const cards = fixture.cardsByCompany.get(session.companyId);
      const card = cards[Math.floor(counter / sessions.length) % cards.length];
      counter += 1;
      return { method: 'POST', path: '/api/v1/card-inquiries', headers: { ...authHeaders(session), 'content-type': 'application/json' }, body: JSON.stringify({ cardNumber: card.pan, pin: card.pin }) };
    },
    enrollment: () => enrollmentChange(nextGrant()),
    login: () => {
      const member = fixture.members[counter % fixture.members.length];
      counter += 1;
      return { method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: member.loginId, password: MEMBER_PASSWORD }) };
    },
    health: () => ({ path: '/api/v1/health' }),
    list: () => ({ path: '/api/v1/backoffice/signup-applications?limit=100', headers: authHeaders(staff) }),
    ...(history ? { acs: areqRequests(cardCursor(history.frictionless)), 'acs-mandated': areqRequests(cardCursor(history.challenge), { challengeInd: '04' }) } : {}),
  }[scenario];
  const verification = async () => {
    const started = performance.now();
    const { status, body } = await getJson(`${api.base}/api/v1/backoffice/audit-events/verification`, staff, 600_000);
    const seconds = (performance.now() - started) / 1000;
    if (status !== 200 || !body.ok) throw new Error(`verification answered ${status} ${JSON.stringify(body)}`);
    log(`verification: ${body.checked} events in ${seconds.toFixed(2)} s = ${Math.round(body.checked / seconds)}/s`);
  };
  if (!next && scenario !== 'verify') throw new Error(`unknown scenario ${scenario}: inquiry, enrollment, login, health, list, verify, acs or acs-mandated`);
  if (next) await runLoad(`warm-up ${scenario}`, { url: api.base, next, duration: 3, quiet: true });
  else await verification();
  process.kill(api.pid, 'SIGUSR2');
  // the warm-up's last requests drain first (hashing scenarios queue a second's worth): else the two loads overlap
  await sleep(2000);
  if (api.child.exitCode !== null || api.child.signalCode !== null) throw new Error(`API died: ${api.child.signalCode ?? api.child.exitCode}\n${api.output()}`);
  // PROFILE_CONNECTIONS: fewer than the cores leave the event loop a core of its own, so wall-clock samples are its CPU
  if (next) await runLoad(`profile ${scenario}`, { url: api.base, next, duration: DURATION, connections: Number(process.env.PROFILE_CONNECTIONS ?? 50) });
  else await verification();
  process.kill(api.pid, 'SIGUSR2');
  for (let i = 0; i < 50 && !existsSync(profileFile); i += 1) await sleep(200);
  await sleep(500);
} finally {
  await stopProcess(api);
  await ds?.close();
}

const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
const selfMicros = new Map();
const intervals = profile.timeDeltas;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
profile.samples.forEach((id, index) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (intervals[index] ?? 0));
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byPackage = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = byId.get(id);
  const url = callFrame.url || '(native)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/apps/api/dist/') ? 'our code' : url.startsWith('node:') ? 'node core' : callFrame.functionName || url);
  const fn = `${callFrame.functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/apps\/api\/dist\//, 'api/')}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
}
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
const frameName = (node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/apps\/api\/dist\//, 'api/')}:${node.callFrame.lineNumber + 1}`;
const callers = new Map();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (!(process.env.PROFILE_CALLERS ?? 'writeBuffer,captureStackHolder').split(',').includes(node.callFrame.functionName)) continue;
  const chain = [];
  for (let parent = parentOf.get(id); parent && chain.length < Number(process.env.PROFILE_DEPTH ?? 6); parent = parentOf.get(parent.id)) chain.push(frameName(parent));
  const key = `${node.callFrame.functionName} ← ${chain.join(' ← ')}`;
  callers.set(key, (callers.get(key) ?? 0) + micros);
}
// inclusive time: each sample counts once for every package (and named frame) on its stack
const packageOf = (node) => {
  const url = node.callFrame.url || '';
  return /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/apps/api/dist/') ? 'our code' : undefined);
};
const inclusive = new Map();
for (const [id, micros] of selfMicros) {
  const seen = new Set();
  for (let node = byId.get(id); node; node = parentOf.get(node.id)) {
    const pkg = packageOf(node);
    if (pkg) seen.add(`[pkg] ${pkg}`);
    if ((process.env.PROFILE_INCLUSIVE ?? '').split(',').includes(node.callFrame.functionName)) seen.add(frameName(node));
  }
  for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
}
const top = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)} %  ${name}`).join('\n');
log(`profile ${profileFile}: ${(total / 1e6).toFixed(1)} s sampled`);
process.stdout.write(`\nby package:\n${top(byPackage, 25)}\n\nby function (self):\n${top(byFunction, 40)}\n\ncallers:\n${top(callers, 12)}\n\ninclusive:\n${top(inclusive, 40)}\n`);
process.exit(0);
