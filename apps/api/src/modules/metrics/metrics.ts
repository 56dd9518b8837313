/**
 * Every Prometheus metric of a process, in one registry per application (tests run several apps in one
 * process). Labels are bounded sets only — the routed pattern, never the raw URL; channel, status and EMV
 * codes — so no card number, login ID or secure ID can reach a label. Gauges that need the database (outbox
 * depth, its oldest message) are read by one indexed query when Prometheus scrapes, not on the request path.
 */
import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { AuditSealer } from '../audit/audit-sealer.service.js';
import { OutboxService } from '../outbox/outbox.service.js';

export const METRICS_PROCESS = Symbol('METRICS_PROCESS');
export type MetricsProcess = 'portal' | 'acs';

/** every channel of outbox_messages, reported with 0 when empty so a dashboard line never disappears */
const OUTBOX_CHANNELS = ['EMAIL', 'SMS', 'RREQ'] as const;
/** one outbox read serves all three outbox gauges of a scrape */
const OUTBOX_SNAPSHOT_MS = 1000;

interface OutboxSnapshot {
  pending: Map<string, number>;
  oldestAgeSeconds: Map<string, number>;
  dead: Map<string, number>;
}

/** The slice of mysql2's pool the pool gauges read (mysql2 keeps these queues on every Pool). */
interface Mysql2Pool {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, routed pattern (never the raw URL; "unmatched" for 404s) and status, with latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly outboxDeliveryFailures = new Counter({
    name: 'outbox_delivery_failures_total',
    help: 'Outbox delivery attempts that failed (the message is retried with back-off), by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly outboxGaveUp = new Counter({
    name: 'outbox_messages_dead_total',
    help: 'Outbox messages this process gave up on after the last attempt (status DEAD), by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly outboxDeliveryLag = new Histogram({
    name: 'outbox_delivery_lag_seconds',
    help: 'From enqueue to successful delivery, by channel (RREQ: the RReq delivery lag to the Directory Server)',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly acsDecisions = new Counter({
    name: 'acs_decisions_total',
    help: 'ACS outcomes by stage (areq: the ARes decision; challenge: the final result sent in the RReq), transStatus and transStatusReason',
    labelNames: ['stage', 'trans_status', 'reason'] as const,
    registers: [this.registry],
  });

  readonly acsMessageErrors = new Counter({
    name: 'acs_message_errors_total',
    help: 'AReqs answered with an Erro message, by EMV errorCode',
    labelNames: ['error_code'] as const,
    registers: [this.registry],
  });

  private outboxSnapshot?: { at: number; snapshot: Promise<OutboxSnapshot | undefined> };

  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(METRICS_PROCESS) process: MetricsProcess,
    private readonly sealer: AuditSealer,
    private readonly outbox: OutboxService,
  ) {
    this.registry.setDefaultLabels({ service: process });
    // process CPU, memory, handles, GC, and the event-loop delay (nodejs_eventloop_lag_* percentiles)
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.registerOutboxGauges();
    this.registerPoolGauges();
    this.registerSealingGauge();
  }

  /** The audit sealing window in use: how long the oldest committed event has waited to be chained (SECURITY.md). */
  private registerSealingGauge(): void {
    const sealer = this.sealer;
    new Gauge({
      name: 'audit_sealing_lag_seconds',
      help: 'Age of the oldest audit event not yet chained by the sealer (0 when all are sealed; alert past the 1 s window)',
      registers: [this.registry],
      async collect() {
        try {
          this.set((await sealer.lagMs()) / 1000);
        } catch {
          // the database did not answer: leave the value as it was rather than report 0
        }
      },
    });
  }

  /** Prometheus text format, for the metrics listener. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private registerOutboxGauges(): void {
    const readOutbox = () => this.readOutbox();
    const gauge = (name: string, help: string, pick: (snapshot: OutboxSnapshot) => Map<string, number>) =>
      new Gauge({
        name, help, labelNames: ['channel'] as const, registers: [this.registry],
        async collect() {
          this.reset();
          const snapshot = await readOutbox();
          // the database did not answer: leave the series out rather than report zeros
          if (!snapshot) return;
          for (const channel of OUTBOX_CHANNELS) this.set({ channel }, pick(snapshot).get(channel) ?? 0);
        },
      });
    gauge('outbox_pending_messages', 'Messages waiting in the outbox (PENDING), by channel — the whole database, the same on every instance', (s) => s.pending);
    gauge('outbox_oldest_pending_age_seconds', 'Age of the oldest PENDING outbox message, by channel (0 when none)', (s) => s.oldestAgeSeconds);
    gauge('outbox_dead_messages', 'Outbox messages given up on (DEAD) and still in the table, by channel', (s) => s.dead);
  }

  private readOutbox(): Promise<OutboxSnapshot | undefined> {
    const now = performance.now();
    if (this.outboxSnapshot && now - this.outboxSnapshot.at < OUTBOX_SNAPSHOT_MS) return this.outboxSnapshot.snapshot;
    const snapshot = (async () => {
      try {
        const rows = await this.outbox.backlogByChannel();
        const result: OutboxSnapshot = { pending: new Map(), oldestAgeSeconds: new Map(), dead: new Map() };
        for (const row of rows) {
          if (row.status === 'DEAD') {
            result.dead.set(row.channel, Number(row.messages));
            continue;
          }
          result.pending.set(row.channel, Number(row.messages));
          result.oldestAgeSeconds.set(row.channel, Math.max(0, (this.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000));
        }
        return result;
      } catch {
        return undefined;
      }
    })();
    this.outboxSnapshot = { at: now, snapshot };
    return snapshot;
  }

  private registerPoolGauges(): void {
    const pool = () => (this.dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
    new Gauge({
      name: 'db_pool_connections', help: 'Database pool connections by state (busy: lent to a query or transaction; idle)',
      labelNames: ['state'] as const, registers: [this.registry],
      collect() {
        const current = pool();
        const all = current?._allConnections?.length ?? 0;
        const idle = current?._freeConnections?.length ?? 0;
        this.set({ state: 'busy' }, all - idle);
        this.set({ state: 'idle' }, idle);
      },
    });
    new Gauge({
      name: 'db_pool_waiting_requests', help: 'Queries waiting for a free pool connection (the pool is exhausted when > 0)',
      registers: [this.registry],
      collect() {
        this.set(pool()?._connectionQueue?.length ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections', help: 'Size limit of the database pool',
      registers: [this.registry],
      collect() {
        this.set(pool()?.config?.connectionLimit ?? 0);
      },
    });
  }
}
