/**
 * The ACS rows of `pnpm bench` (issue 12, "The ACS under load"): verdicts against the issue's targets, as
 * ratios to the same run's one-SELECT baseline and argon2 rate, and the generated block `bench:acs` of
 * docs/PERFORMANCE.md (written by the full run and by `pnpm bench --only acs`).
 */
import { replaceBlock } from './report.mjs';

const fmt = (value, digits = 0) => (value === undefined || value === null || Number.isNaN(value) ? '–' : Number(value).toFixed(digits));
const pct = (value) => `${fmt(value * 100, 0)} %`;
const verdict = (met) => (met === undefined ? 'skipped' : met ? '**met**' : '**not met**');
const failed = (run) => (run?.errors ?? 0) + (run?.non2xx ?? 0) + (run?.wrongAnswers ?? 0);
const P99_TARGET_MS = 20;

export function evaluateAcs(results) {
  const a = results.acs;
  const base = results.scenarios.baseline.rps;
  const f = a.frictionless;
  const c = a.challenge;
  const sql = (run) => `${fmt(run.database.statementsPerRequest, 1)} SQL statements and ${fmt(run.database.commitsPerRequest, 2)} commits per AReq`;
  return [
    {
      target: 'frictionless AReq → ARes ≥ 50 % of the baseline req/s (50 connections)',
      measured: `${fmt(f.rps)} req/s = ${pct(f.rps / base)} of ${fmt(base)}`,
      met: f.rps >= 0.5 * base,
      note: `${sql(f)} (the baseline: 1 SELECT, no commit); CPU % ACS / MariaDB / load generator ${f.cpuPercent.api} / ${f.cpuPercent.mariadb ?? '–'} / ${f.cpuPercent.loadGenerator}`,
    },
    {
      target: `frictionless AReq p99 ≤ ${P99_TARGET_MS} ms (50 connections)`,
      measured: `p99 ${fmt(f.p99)} ms (p50 ${fmt(f.p50)} ms)`,
      met: f.p99 <= P99_TARGET_MS,
      note: `with 50 requests always in flight, p99 ≤ ${P99_TARGET_MS} ms needs roughly ${fmt(50 / (P99_TARGET_MS / 1000) / 1.5, 0)}+ req/s (Little's law, p99 ≈ 1.5 × mean); the same AReqs at a fixed ${a.fixedRate}/s: p99 ${fmt(a.fixedRateIdle.p99)} ms`,
    },
    {
      target: 'frictionless AReq: 0 errors, every answer Y',
      measured: `${failed(f)} errors / non-2xx / answers other than Y in ${f.requests} AReqs`,
      met: failed(f) === 0,
      note: `${f.firstWrongAnswer ?? f.firstError ?? 'made frictionless by history: each card has one passed challenge from the bench browser a day ago (seeded row); default risk thresholds, ¥8,800, MCC 5732'}`,
    },
    {
      target: 'challenge-mandated AReq (creates the transaction and its timer) ≥ 30 % of the baseline',
      measured: `${fmt(a.mandated.rps)} req/s = ${pct(a.mandated.rps / base)} of ${fmt(base)}; p99 ${fmt(a.mandated.p99)} ms; ${failed(a.mandated)} errors / not C`,
      met: a.mandated.rps >= 0.3 * base && failed(a.mandated) === 0,
      note: `${sql(a.mandated)}; threeDSRequestorChallengeInd 04 on cards without history`,
    },
    {
      target: 'full challenge (AReq, CReq, password, RReq) ≥ 80 % of the argon2id verify rate (20 cardholders)',
      measured: `${fmt(c.completedPerSecond, 1)} completed/s = ${pct(c.completedPerSecond / a.argon2.verifiesPerSecond)} of ${fmt(a.argon2.verifiesPerSecond, 1)} verifies/s; ${c.failures} failures`,
      met: c.completedPerSecond >= 0.8 * a.argon2.verifiesPerSecond && c.failures === 0,
      note: `${c.completed} challenges ended Y in ${c.seconds} s; one challenge p50 ${fmt(c.challengeMs.p50)} ms, p99 ${fmt(c.challengeMs.p99)} ms; CPU % ACS / MariaDB ${c.cpuPercent.acs} / ${c.cpuPercent.mariadb ?? '–'}`,
    },
    {
      target: 'RReq delivery lag p99 ≤ 1 s',
      measured: `p99 ${fmt(c.rreqLagMs.p99)} ms (p50 ${fmt(c.rreqLagMs.p50)} ms, max ${fmt(c.rreqLagMs.max)} ms); ${c.rreqDelivered} of ${c.completed} delivered`,
      met: c.rreqLagMs.p99 !== undefined && c.rreqLagMs.p99 <= 1000 && c.rreqDelivered === c.completed,
      note: 'from the final CRes page reaching the cardholder to the RReq reaching the in-bench DS (through the outbox; the DS answers RRes 01)',
    },
    {
      target: `AReq p99 ≤ ${P99_TARGET_MS} ms during a portal login wave (${a.fixedRate} AReq/s)`,
      measured: `p99 ${fmt(a.fixedRateLogin.p99)} ms (p50 ${fmt(a.fixedRateLogin.p50)} ms; portal idle: p99 ${fmt(a.fixedRateIdle.p99)} ms); ${failed(a.fixedRateLogin)} errors / not Y`,
      met: a.fixedRateLogin.p99 <= P99_TARGET_MS && failed(a.fixedRateLogin) === 0,
      note: `the login wave beside it: ${fmt(a.loginWave.rps, 1)} logins/s at 50 connections (the portal's own scenario); ACS CPU ${a.fixedRateLogin.cpuPercent.api} %`,
    },
    {
      target: `AReq p99 ≤ ${P99_TARGET_MS} ms during a 100k-line card import (${a.fixedRate} AReq/s)`,
      measured: `p99 ${fmt(a.fixedRateImport.p99)} ms (p50 ${fmt(a.fixedRateImport.p50)} ms); ${failed(a.fixedRateImport)} errors / not Y`,
      met: a.fixedRateImport.p99 <= P99_TARGET_MS && failed(a.fixedRateImport) === 0,
      note: `the import beside it: ${a.importBeside.status} ${a.importBeside.imported} cards in ${fmt(a.importBeside.seconds, 1)} s`,
    },
  ];
}

function scenarioRows(results) {
  const a = results.acs;
  const base = results.scenarios.baseline.rps;
  const lines = [
    '| scenario | conns | req/s | × baseline | p50 ms | p99 ms | errors | non-2xx | wrong answer | CPU % acs / db / load gen | SQL stmts / req | commits / req | row-lock waits (avg ms) | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  const row = (label, run) => lines.push(
    `| ${label} | ${run.connections}${run.overallRate ? ` @${run.overallRate}/s` : ''} | ${fmt(run.rps, run.rps < 100 ? 1 : 0)} | ${fmt(run.rps / base, 3)} | ${fmt(run.p50)} | ${fmt(run.p99)} | ${run.errors} | ${run.non2xx} | ${run.wrongAnswers ?? '–'} | ` +
    `${run.cpuPercent ? `${run.cpuPercent.api} / ${run.cpuPercent.mariadb ?? '–'} / ${run.cpuPercent.loadGenerator}` : '–'} | ` +
    `${run.database ? run.database.statementsPerRequest : '–'} | ${run.database ? run.database.commitsPerRequest : '–'} | ${run.database ? `${run.database.rowLockWaits} (${run.database.rowLockWaitMsAverage})` : '–'} | ${run.loadAverage1m ?? '–'} |`,
  );
  row('baseline: bare fastify + 1 indexed SELECT', results.scenarios.baseline);
  row('ACS frictionless AReq → ARes Y', a.frictionless);
  row('ACS challenge-mandated AReq → ARes C', a.mandated);
  row(`ACS frictionless AReq at ${a.fixedRate}/s, portal idle`, a.fixedRateIdle);
  row(`ACS frictionless AReq at ${a.fixedRate}/s, during a login wave`, a.fixedRateLogin);
  row(`ACS frictionless AReq at ${a.fixedRate}/s, during a card import`, a.fixedRateImport);
  row('↳ the login wave (portal POST /session)', a.loginWave);
  return lines.join('\n');
}

export function acsMarkdown(results, targets) {
  const m = results.machine;
  const a = results.acs;
  const c = a.challenge;
  return [
    `_Generated by \`pnpm bench${results.only ? ` --only ${results.only}` : ''}\` on ${m.date.slice(0, 16).replace('T', ' ')} UTC — ${m.nproc} cores (${m.cpu}), node ${m.node}, MariaDB ${m.mariadb}; ` +
      `load average (1/5/15 min) ${m.loadAverageAtStart.join(' / ')} at start, ${(m.loadAverageAtEnd ?? []).join(' / ')} at end. ` +
      `ACS (apps/api/dist/acs-main.js) in NODE_ENV=production beside the portal API, same database; ${results.settings.durationSeconds} s per scenario. Whole run ${results.totalSeconds} s._`,
    '',
    '| target | measured | verdict | note |',
    '| --- | --- | --- | --- |',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${verdict(t.met)} | ${t.note} |`),
    '',
    scenarioRows(results),
    '',
    `Full challenge, ${c.cardholders} concurrent cardholders for ${c.seconds} s: ${c.completed} completed (${fmt(c.completedPerSecond, 1)}/s), ${c.failures} failures; ` +
      `argon2id verify alone right before it: ${a.argon2.verifiesPerSecond}/s (one verify ${a.argon2.singleVerifyMs} ms, ${a.argon2.params}, thread pool ${a.argon2.threadPool}, 16 in flight). ` +
      `RReqs: ${c.rreqDelivered} of ${c.completed} at the DS, lag p50 / p99 / max ${fmt(c.rreqLagMs.p50)} / ${fmt(c.rreqLagMs.p99)} / ${fmt(c.rreqLagMs.max)} ms; ${a.rreqsReceived} RReqs received in all.`,
    '',
    `Cards: ${a.seededHistoryRows.toLocaleString('en')} fixed-password cards with one seeded passed challenge (frictionless set, ${a.cardsUsed.frictionless.toLocaleString('en')} AReqs over it), ` +
      `${a.cardsUsed.challengeSet.toLocaleString('en')} without history (challenge set, ${a.cardsUsed.challenge.toLocaleString('en')} AReqs); every card is used round-robin, so none comes near the velocity rule (10 AReqs / 600 s).`,
  ].join('\n');
}

export function writeAcsReport(results) {
  const targets = evaluateAcs(results);
  results.acsTargets = targets;
  replaceBlock('acs', acsMarkdown(results, targets));
  return { results, targets };
}

export function printAcsSummary({ results, targets }) {
  process.stdout.write(`\nACS (load average at start ${results.machine.loadAverageAtStart.join(' / ')}, at end ${(results.machine.loadAverageAtEnd ?? []).join(' / ')}):\n`);
  for (const t of targets) process.stdout.write(`  [${t.met === undefined ? 'skip' : t.met ? ' ok ' : 'MISS'}] ${t.target}: ${t.measured}\n`);
  process.stdout.write('\n');
}
