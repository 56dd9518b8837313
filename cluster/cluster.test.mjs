/**
 * `pnpm test:cluster`: the product on a real 3-node MariaDB Galera cluster behind HAProxy, observed by
 * Prometheus (topology.mjs), on the production build (run `pnpm build` first). Runs with node's test runner,
 * apart from `pnpm test`: it needs root (mariadbd runs as mysql), haproxy and prometheus.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clusterEnv, makeRoot, removeRoot, sleep, startGalera, startHaproxy, startInstance, startPrometheus, startSinks, stopChild, waitFor,
} from './topology.mjs';

const { SEED } = await import('../bench/lib/common.mjs');
const { seedDatabase } = await import('../bench/lib/seed.mjs');
const { authHeaders, memberLogin, openInquiry, staffLogin } = await import('../bench/lib/clients.mjs');
const { buildAReq, fullChallenge } = await import('../bench/lib/acs.mjs');

// a small seed: the cluster run proves coordination, not volume
Object.assign(SEED, { companies: 4, membersPerCompany: 2, cards: 400, applications: 60 });

let root;
let nodes;
let sinks;
let portals;
let acses;
let haproxy;
let prometheus;
let fixture;
const report = {};

before(async () => {
  root = makeRoot();
  nodes = await startGalera(root);
  fixture = await seedDatabase({ ...clusterEnv(0), DATABASE_URL: nodes[0].url });
  sinks = await startSinks();
  // each instance on a different node; the fourth shares node 1 (three nodes, four instances)
  portals = await Promise.all([
    startInstance('portal', 'portal1', nodes[0], sinks, root),
    startInstance('portal', 'portal2', nodes[1], sinks, root),
  ]);
  acses = await Promise.all([
    startInstance('acs', 'acs1', nodes[2], sinks, root),
    startInstance('acs', 'acs2', nodes[0], sinks, root),
  ]);
  haproxy = await startHaproxy(root, portals, acses);
  prometheus = await startPrometheus(root, portals, acses);
}, { timeout: 300_000 });

after(async () => {
  console.log(`cluster report: ${JSON.stringify(report)}`);
  await Promise.all([...(portals ?? []), ...(acses ?? [])].map((instance) => stopChild(instance.child)));
  await stopChild(haproxy?.child);
  await stopChild(prometheus?.child);
  await sinks?.close();
  for (const node of nodes ?? []) await stopChild(node.process);
  if (root) removeRoot(root);
});

async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'corpweb-cluster/1.0', ...headers },
    body: JSON.stringify(body), signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { errorDetail: `not JSON: ${text.slice(0, 60)}` };
  }
  return { status: response.status, body: parsed };
}

/** waits until no message of these channels is still PENDING (every worker on every instance has had its go) */
async function outboxDrained(channels = ['EMAIL', 'SMS', 'RREQ']) {
  await waitFor('the outbox to drain', async () => {
    const [row] = await nodes[0].query("SELECT COUNT(*) AS pending FROM outbox_messages WHERE status = 'PENDING' AND channel IN (?)", [channels]);
    return Number(row.pending) === 0;
  }, 60_000);
}

test('three Galera nodes are Synced; every table is InnoDB with a primary key', async () => {
  for (const node of nodes) {
    const status = await node.status();
    assert.equal(status.wsrep_cluster_size, '3');
    assert.equal(status.wsrep_local_state_comment, 'Synced');
  }
  const withoutKey = await nodes[0].query(
    `SELECT t.table_name AS name, t.engine FROM information_schema.tables t
      WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
        AND (t.engine <> 'InnoDB' OR NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c
              WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY'))`,
  );
  assert.deepEqual(withoutKey, []);
});

test('50 concurrent wrong PINs over both portal instances: at most 3 evaluated, the card locked', async () => {
  const member = fixture.members[0];
  const sessions = await Promise.all(portals.map((portal) => memberLogin(portal.base, member)));
  const [[card]] = [await nodes[0].query(
    'SELECT id FROM cards WHERE company_id = ? AND pin_fail_count = 0 AND pin_locked_at IS NULL AND status = \'ACTIVE\' ORDER BY id LIMIT 1', [member.companyId],
  )];
  const pan = fixture.cardsByCompany.get(member.companyId).find((c) => c.id === Number(card.id)).pan;
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => {
    const portal = portals[i % 2];
    return post(`${portal.base}/api/v1/card-inquiries`, { cardNumber: pan, pin: wrongPin(card.id) }, authHeaders(sessions[i % 2]));
  }));
  const statuses = answers.map((a) => a.status);
  report.wrongPins = Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]));
  assert.ok(statuses.every((s) => s !== 500), `no 500: ${JSON.stringify(report.wrongPins)}`);
  for (const node of nodes) {
    const [row] = await node.query('SELECT pin_fail_count, pin_locked_at FROM cards WHERE id = ?', [card.id]);
    assert.ok(row.pin_locked_at, `card locked as seen from ${node.name}`);
  }
  await waitFor('the PIN audit events', async () => true, 1000);
  const [evaluated] = await nodes[1].query(
    "SELECT COUNT(*) AS n FROM audit_events WHERE target_type = 'CARD' AND target_id = ? AND action IN ('PIN_FAILED', 'PIN_LOCKED')", [String(card.id)],
  );
  report.wrongPinsEvaluated = Number(evaluated.n);
  assert.ok(Number(evaluated.n) <= 3 && Number(evaluated.n) >= 1, `evaluated ${evaluated.n}`);
});

function wrongPin(cardId) {
  // any 4 digits but the card's own
  return fixture.cardsByCompany.get(fixture.members[0].companyId).find((c) => c.id === Number(cardId)).pin === '9999' ? '9998' : '9999';
}

test('20 racing approvals: one wins; its setup token is single use across nodes', async () => {
  const staff = await Promise.all(portals.map((portal) => staffLogin(portal.base)));
  const [application] = await nodes[0].query("SELECT id, admin_email FROM signup_applications WHERE status = 'RECEIVED' ORDER BY id LIMIT 1");
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(
    `${portals[i % 2].base}/api/v1/backoffice/signup-applications/${application.id}/approval`, {}, authHeaders(staff[i % 2]),
  )));
  const won = answers.filter((a) => a.status === 200 || a.status === 201);
  report.approvals = answers.map((a) => a.status).join(',');
  assert.equal(won.length, 1, report.approvals);
  assert.ok(answers.every((a) => a.status < 500), report.approvals);
  await outboxDrained(['EMAIL']);
  const mails = sinks.mails.filter((mail) => mail.to?.includes(application.admin_email));
  assert.equal(mails.length, 1);
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mails[0].text)[1];
  const setups = await Promise.all(Array.from({ length: 10 }, (_, i) => post(
    `${portals[i % 2].base}/api/v1/password-setup`, { token, password: 'Orchid-Granite-Velvet-77!' },
  )));
  report.setupToken = setups.map((s) => s.status).join(',');
  assert.equal(setups.filter((s) => s.status === 204 || s.status === 200).length, 1, report.setupToken);
  assert.ok(setups.every((s) => s.status < 500), report.setupToken);
});

test('an OTP code is single use across nodes; of 20 racing registrations of one secure ID one wins', async () => {
  const member = fixture.members[4];
  const session = await memberLogin(portals[0].base, member);
  const free = await nodes[0].query(
    `SELECT c.id FROM cards c LEFT JOIN enrollments e ON e.card_id = c.id
      WHERE c.company_id = ? AND e.card_id IS NULL AND c.status = 'ACTIVE' AND c.pin_locked_at IS NULL AND c.pin_fail_count = 0
      ORDER BY c.id LIMIT 21`, [member.companyId],
  );
  const cards = free.map((row) => fixture.cardsByCompany.get(member.companyId).find((card) => card.id === Number(row.id)));
  assert.equal(cards.length, 21);
  const password = 'Kx7#mQ2v!Lp9';

  const phone = `0901${String(Date.now()).slice(-7)}`;
  const otpInquiry = await openInquiry(portals[0].base, session, cards[0]);
  const started = await fetch(`${portals[1].base}/api/v1/card-inquiries/${otpInquiry}/enrollment`, {
    method: 'PUT', headers: { 'content-type': 'application/json', ...authHeaders(session) },
    body: JSON.stringify({ secureId: `otp.${Date.now().toString(36)}`, method: 'OTP', phone }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const sms = await waitFor('the OTP SMS', async () => sinks.sms.find((message) => message.to === `+81${phone.slice(1)}`), 30_000);
  const code = /(\d{6})/.exec(sms.body)[1];
  const verifications = await Promise.all(Array.from({ length: 10 }, (_, i) => post(
    `${portals[i % 2].base}/api/v1/card-inquiries/${otpInquiry}/enrollment/verification`, { verificationId: started.body.verificationId, code },
    authHeaders(session),
  )));
  report.otpVerifications = verifications.map((v) => v.status).join(',');
  assert.equal(verifications.filter((v) => v.status === 200).length, 1, report.otpVerifications);
  assert.ok(verifications.every((v) => v.status < 500), report.otpVerifications);
  assert.equal(sinks.sms.filter((message) => message.to === `+81${phone.slice(1)}`).length, 1, 'one SMS');

  const inquiries = [];
  for (const [i, card] of cards.slice(1).entries()) inquiries.push(await openInquiry(portals[i % 2].base, session, card));
  const secureId = `race${Date.now().toString(36)}`;
  const registrations = await Promise.all(inquiries.map((inquiryId, i) => fetch(`${portals[i % 2].base}/api/v1/card-inquiries/${inquiryId}/enrollment`, {
    method: 'PUT', headers: { 'content-type': 'application/json', ...authHeaders(session) },
    body: JSON.stringify({ secureId: i % 2 ? secureId.toUpperCase() : secureId, method: 'PASSWORD', password }),
  }).then((response) => response.status)));
  report.secureIdRace = registrations.join(',');
  assert.equal(registrations.filter((status) => status === 200).length, 1, report.secureIdRace);
  assert.equal(registrations.filter((status) => status === 409).length, 19, report.secureIdRace);
});

test('the outbox sends every email exactly once and the ACS every RReq exactly once, workers on every instance', async () => {
  const staff = await Promise.all(portals.map((portal) => staffLogin(portal.base)));
  const applications = await nodes[0].query("SELECT id FROM signup_applications WHERE status = 'RECEIVED' ORDER BY id LIMIT 16");
  await Promise.all(applications.map((application, i) => post(
    `${portals[i % 2].base}/api/v1/backoffice/signup-applications/${application.id}/approval`, {}, authHeaders(staff[i % 2]),
  )));
  // challenges passed through HAProxy (each step may land on either ACS instance): every one ends in an RReq
  const challenged = await Promise.all(fixture.acsCards.slice(0, 12).map((card) => fullChallenge(haproxy.acs, card)));
  await outboxDrained();
  const sent = await nodes[2].query("SELECT id, channel FROM outbox_messages WHERE status = 'SENT'");
  const emailIds = sent.filter((row) => row.channel === 'EMAIL').map((row) => `<outbox-${row.id}@corpweb.invalid>`);
  const delivered = sinks.mails.map((mail) => mail.messageId);
  report.emailsSent = emailIds.length;
  report.emailDeliveries = delivered.length;
  assert.equal(new Set(delivered).size, delivered.length, 'no email delivered twice');
  assert.deepEqual([...delivered].sort(), [...emailIds].sort());
  const smsKeys = sinks.sms.map((message) => message.key);
  report.smsDeliveries = smsKeys.length;
  assert.deepEqual([...smsKeys].sort(), sent.filter((row) => row.channel === 'SMS').map((row) => `outbox-${row.id}`).sort());
  const rreqIds = sinks.rreqs.map((rreq) => rreq.acsTransID);
  report.rreqDeliveries = rreqIds.length;
  assert.equal(new Set(rreqIds).size, rreqIds.length, 'no RReq delivered twice');
  assert.deepEqual([...rreqIds].sort(), challenged.map((c) => c.acsTransId).sort());
  assert.equal(rreqIds.length, sent.filter((row) => row.channel === 'RREQ').length);
});

test('Prometheus reports up for every target and a business metric through its HTTP API', async () => {
  const up = await waitFor('every target up', async () => {
    const result = await prometheus.query('up');
    return result.length === 4 && result.every((series) => series.value[1] === '1') ? result : undefined;
  }, 30_000);
  assert.equal(up.length, 4);
  const requests = await waitFor('request metrics', async () => {
    const result = await prometheus.query('sum by (job) (http_request_duration_seconds_count)');
    return result.length === 2 ? result : undefined;
  }, 30_000);
  report.prometheusRequestsByJob = Object.fromEntries(requests.map((series) => [series.metric.job, Number(series.value[1])]));
  assert.ok(Object.values(report.prometheusRequestsByJob).every((n) => n > 0));
  // a business metric: the 12 challenges of the outbox test were each answered C at AReq and Y at the end,
  // counted by whichever ACS instance handled the step and summed by Prometheus over both
  const decisions = await waitFor('ACS decisions', async () => {
    const result = await prometheus.query('sum by (stage, trans_status) (acs_decisions_total{job="acs"})');
    const value = (stage, status) => Number(result.find((s) => s.metric.stage === stage && s.metric.trans_status === status)?.value[1] ?? 0);
    return value('areq', 'C') >= 12 && value('challenge', 'Y') >= 12 ? Object.fromEntries(result.map((s) => [`${s.metric.stage}:${s.metric.trans_status}`, Number(s.value[1])])) : undefined;
  }, 30_000);
  report.prometheusAcsDecisions = decisions;
});

test('under steady AReqs and inquiries, killing one Galera node and one ACS instance loses no acknowledged write; the node rejoins', async () => {
  const member = fixture.members[2];
  const session = await memberLogin(haproxy.portal, member);
  const inquiryCards = fixture.cardsByCompany.get(member.companyId).slice(0, 20);
  const cards = fixture.acsCards.slice(12);
  const acknowledged = { areq: [], inquiry: [] };
  const errors = { areq: 0, inquiry: 0 };
  const errorKinds = {};
  const countKind = (kind) => { errorKinds[kind] = (errorKinds[kind] ?? 0) + 1; };
  let lastAres = performance.now();
  let longestGapMs = 0;
  let requests = 0;
  let running = true;
  const areqLoop = async (worker) => {
    for (let i = worker; running; i += 4) {
      requests += 1;
      try {
        const ares = await post(`${haproxy.acs}/3ds/v2/areq`, buildAReq(cards[i % cards.length]));
        if (ares.status === 200 && ares.body?.messageType === 'ARes') {
          acknowledged.areq.push(ares.body.acsTransID);
          const now = performance.now();
          longestGapMs = Math.max(longestGapMs, now - lastAres);
          lastAres = now;
        } else {
          errors.areq += 1;
          countKind(`AReq ${ares.status} ${ares.body?.messageType ?? ''} ${ares.body?.errorCode ?? ''} ${ares.body?.errorDetail ?? ''}`.trim());
        }
      } catch (error) {
        errors.areq += 1;
        countKind(`AReq ${error.name}`);
      }
    }
  };
  const inquiryLoop = async () => {
    for (let i = 0; running; i += 1) {
      const card = inquiryCards[i % inquiryCards.length];
      try {
        const answer = await post(`${haproxy.portal}/api/v1/card-inquiries`, { cardNumber: card.pan, pin: card.pin }, authHeaders(session));
        if (answer.status === 200) acknowledged.inquiry.push(answer.body.inquiryId);
        else {
          errors.inquiry += 1;
          countKind(`inquiry ${answer.status} ${answer.body?.code ?? ''}`.trim());
        }
      } catch (error) {
        errors.inquiry += 1;
        countKind(`inquiry ${error.name}`);
      }
      await sleep(50);
    }
  };
  const loops = [0, 1, 2, 3].map(areqLoop).concat([inquiryLoop()]);
  await sleep(3000);
  const started = performance.now();
  // node 2 (portal2's database) crashes and so does acs1 (node 3): HAProxy must route around both
  await Promise.all([nodes[1].kill(), stopChild(acses[0].child, 'SIGKILL')]);
  await sleep(6000);
  await nodes[1].start();
  const rejoinedSeconds = (performance.now() - started) / 1000;
  await sleep(3000);
  running = false;
  await Promise.all(loops);
  report.failover = {
    requests, areqAcknowledged: acknowledged.areq.length, areqErrors: errors.areq, longestAresGapMs: Math.round(longestGapMs),
    inquiriesAcknowledged: acknowledged.inquiry.length, inquiryErrors: errors.inquiry, nodeRejoinedAfterSeconds: Number(rejoinedSeconds.toFixed(1)), errorKinds,
  };
  for (const node of nodes) {
    const [areqRows] = await node.query('SELECT COUNT(*) AS n FROM acs_transactions WHERE acs_trans_id IN (?)', [acknowledged.areq]);
    assert.equal(Number(areqRows.n), acknowledged.areq.length, `every acknowledged AReq on ${node.name}`);
    const [inquiryRows] = await node.query('SELECT COUNT(*) AS n FROM card_inquiries WHERE id IN (?)', [acknowledged.inquiry]);
    assert.equal(Number(inquiryRows.n), acknowledged.inquiry.length, `every acknowledged inquiry on ${node.name}`);
  }
  report.failover.dataLost = 0;
  assert.ok(acknowledged.areq.length > 0);
});

test('the audit chain verifies after all of it', async () => {
  const staff = await staffLogin(haproxy.portal);
  const response = await fetch(`${haproxy.portal}/api/v1/backoffice/audit-events/verification`, { headers: authHeaders(staff) });
  const verification = await response.json();
  report.auditVerification = verification;
  assert.equal(response.status, 200);
  assert.equal(verification.ok, true, JSON.stringify(verification));
});
