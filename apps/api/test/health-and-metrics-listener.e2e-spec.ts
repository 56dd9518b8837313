/**
 * Issue 15: liveness and readiness for the load balancer on both processes, and /metrics on its own listener
 * (never on the public port).
 */
import { ManualClock } from '../src/common/clock/clock.js';
import { Readiness } from '../src/modules/health/readiness.service.js';
import { MetricsListener } from '../src/modules/metrics/metrics-listener.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let portal: TestApp;
let acs: TestAcs;

beforeAll(async () => {
  portal = await startTestApp();
  acs = await startTestAcs(portal);
});

afterAll(async () => {
  await acs?.close();
  await portal?.close();
});

describe('health endpoints', () => {
  it('keeps GET /health as SPEC says and adds live and ready on the portal', async () => {
    expect((await portal.client().get('/api/v1/health')).body).toEqual({ status: 'ok', db: 'up' });
    const live = await portal.client().get('/api/v1/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await portal.client().get('/api/v1/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', db: 'up', migrations: 'current', workers: { outbox: 'alive' } });
  });

  it('serves live and ready on the ACS, with its timers worker', async () => {
    expect((await fetch(`${acs.baseUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${acs.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', db: 'up', migrations: 'current', workers: { outbox: 'alive', acsTimers: 'alive' } });
  });

  it('stays up during the maintenance window', async () => {
    const app = await startTestApp({}, { clock: new ManualClock(new Date('2026-11-24T20:30:00.000Z')) }); // 05:30 JST
    try {
      expect((await app.client().get('/api/v1/terms/current')).status).toBe(503);
      expect((await app.client().get('/api/v1/health/live')).status).toBe(200);
      expect((await app.client().get('/api/v1/health/ready')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is not ready while draining, but still live and still serving', async () => {
    const app = await startTestApp();
    try {
      app.app.get(Readiness).startDraining();
      const ready = await app.client().get('/api/v1/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('draining');
      expect(ready.headers.get('connection')).toBe('close');
      expect((await app.client().get('/api/v1/health/live')).status).toBe(200);
      expect((await app.client().get('/api/v1/terms/current')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is not ready when a migration this build knows is missing from the database', async () => {
    const [row] = await portal.db.query('SELECT * FROM schema_migrations ORDER BY id DESC LIMIT 1');
    await portal.db.query('DELETE FROM schema_migrations WHERE id = ?', [row.id]);
    const app = await startTestApp();
    try {
      const ready = await app.client().get('/api/v1/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not-ready', db: 'up', migrations: 'pending' });
    } finally {
      await app.close();
      await portal.db.query('INSERT INTO schema_migrations (id, timestamp, name) VALUES (?, ?, ?)', [row.id, row.timestamp, row.name]);
    }
  });
});

describe('the metrics listener', () => {
  it('serves Prometheus text on its own port and nothing on the public ones', async () => {
    const address = await portal.app.get(MetricsListener).listen(0, '127.0.0.1');
    const response = await fetch(`http://127.0.0.1:${address.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toMatch(/^http_request_duration_seconds_count\{.*service="portal".*\} \d+/m);
    expect((await fetch(`http://127.0.0.1:${address.port}/other`)).status).toBe(404);
    expect((await portal.client().get('/metrics')).status).toBe(404);
    expect((await portal.client().get('/api/v1/metrics')).status).toBe(404);
    expect((await fetch(`${acs.baseUrl}/metrics`)).status).toBe(404);
  });
});
