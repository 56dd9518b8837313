/**
 * Delivers outbox messages. Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED inside a transaction that
 * stays open while the batch is sent, so two API instances never pick the same message; a failure backs off
 * exponentially and gives up (DEAD) after MAX_ATTEMPTS. When idle the worker polls with one indexed read per
 * interval (OUTBOX_POLL_MS, 1 s) and is woken at once by a new message from this process.
 */
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { execute, select } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { WorkerHeartbeats } from '../health/worker-heartbeats.js';
import { Metrics } from '../metrics/metrics.js';
import { OutboxService, type OutboxRow } from './outbox.service.js';
import { MESSAGE_TRANSPORTS, type MessageTransport } from './transports/message-transport.js';

const BATCH_SIZE = 20;
export const MAX_ATTEMPTS = 12;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** attempts, 600);
}

@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxWorker');
  private readonly transports = new Map<string, MessageTransport>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private wakeRequested = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGE_TRANSPORTS) transports: MessageTransport[],
    private readonly heartbeats: WorkerHeartbeats,
    private readonly metrics: Metrics,
  ) {
    for (const transport of transports) this.transports.set(transport.channel, transport);
  }

  /** A process adds the channels only it delivers (the ACS: RReqs to the Directory Server) before it starts. */
  registerTransport(transport: MessageTransport): void {
    this.transports.set(transport.channel, transport);
  }

  onApplicationBootstrap(): void {
    if (this.transports.size === 0) return;
    // a poll, or a message of a batch, at least every 30 s (a slow SMTP server holds one message that long)
    this.heartbeats.register('outbox', Math.max(30_000, this.config.outboxPollMs * 5));
    this.unsubscribe = this.outbox.onEnqueued(() => this.wake());
    this.schedule(0);
  }

  /**
   * Graceful shutdown: the batch being sent finishes while the pool is still open (this runs before the HTTP
   * listener and the pool close); messages queued after this wait for the next poll of any instance.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running;
    this.heartbeats.unregister('outbox');
  }

  wake(): void {
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.loop().finally(() => {
        this.running = undefined;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.config.outboxPollMs);
      });
    }, delayMs);
  }

  private async loop(): Promise<void> {
    this.heartbeats.beat('outbox');
    try {
      while (!this.stopped && (await this.deliverBatch()) === BATCH_SIZE) {
        // a full batch: more may be waiting
      }
    } catch (error) {
      this.logger.warn({ errorCode: (error as { code?: string }).code }, 'outbox delivery paused (database unavailable?)');
    }
  }

  /** Claims and delivers one batch; returns how many messages it handled. */
  async deliverBatch(): Promise<number> {
    const channels = [...this.transports.keys()];
    if (channels.length === 0) return 0;
    // an idle poll is this one indexed read, outside any transaction; the claiming transaction opens only
    // when something is due
    const due = await select(
      this.dataSource,
      "SELECT id FROM outbox_messages WHERE status = 'PENDING' AND channel IN (?) AND next_attempt_at <= ? LIMIT 1",
      [channels, this.clock.now()],
    );
    if (due.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const rows = await select<OutboxRow>(
        manager,
        `SELECT id, channel, recipient, payload, template, attempts, created_at FROM outbox_messages
          WHERE status = 'PENDING' AND channel IN (?) AND next_attempt_at <= ?
          ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`,
        [channels, now],
      );
      for (const row of rows) {
        this.heartbeats.beat('outbox');
        const transport = this.transports.get(row.channel)!;
        try {
          await transport.send(row.recipient, this.outbox.open(row.payload, row), Number(row.id));
          await execute(manager, "UPDATE outbox_messages SET status = 'SENT', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?", [this.clock.now(), row.id]);
          this.metrics.outboxDeliveryLag.observe({ channel: row.channel }, Math.max(0, (this.clock.now().getTime() - new Date(row.created_at).getTime()) / 1000));
        } catch (error) {
          const attempts = Number(row.attempts) + 1;
          const reason = String((error as Error).message ?? error).slice(0, 300);
          await execute(
            manager,
            'UPDATE outbox_messages SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
            [attempts, attempts >= MAX_ATTEMPTS ? 'DEAD' : 'PENDING', addSeconds(this.clock.now(), retryDelaySeconds(attempts)), reason, row.id],
          );
          this.metrics.outboxDeliveryFailures.inc({ channel: row.channel });
          if (attempts >= MAX_ATTEMPTS) this.metrics.outboxGaveUp.inc({ channel: row.channel });
          this.logger.warn({ messageId: row.id, channel: row.channel, attempts }, 'delivery failed; will retry');
        }
      }
      return rows.length;
    });
  }
}
