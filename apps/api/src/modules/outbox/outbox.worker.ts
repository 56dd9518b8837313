/**
 * Delivers outbox messages with workers on every instance. SELECT … FOR UPDATE SKIP LOCKED cannot keep two
 * workers apart on MariaDB Galera (row locks are local to a node), so a message is claimed by a committed write
 * before it is sent: an UPDATE that moves its next attempt CLAIM_LEASE_SECONDS ahead. One worker wins that write;
 * on other nodes it fails certification. A worker that dies after claiming leaves the message due again when
 * the lease runs out, and one that dies after sending but before recording SENT makes it go twice — receivers
 * get the message id as an idempotency key for that window. A failure backs off exponentially and gives up
 * (DEAD) after MAX_ATTEMPTS. When idle the worker polls with one indexed read per interval (OUTBOX_POLL_MS,
 * 1 s) and is woken at once by a new message from this process.
 */
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { execute, select, selectOne } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { isRetryableConflict } from '../../database/retrying-transaction.js';
import { WorkerHeartbeats } from '../health/worker-heartbeats.js';
import { Metrics } from '../metrics/metrics.js';
import { OutboxService, type OutboxRow } from './outbox.service.js';
import { MESSAGE_TRANSPORTS, type MessageTransport } from './transports/message-transport.js';

const BATCH_SIZE = 20;
export const MAX_ATTEMPTS = 12;
/** longer than any transport's own timeout (SMTP: 20 s socket timeout), so a live sender keeps its claim */
export const CLAIM_LEASE_SECONDS = 60;

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

  /**
   * Delivers up to one batch of due messages; returns how many were due (a full batch: more may be waiting).
   * Each message is claimed on its own before it is sent (see the file comment), so a slow send holds no lock.
   */
  async deliverBatch(): Promise<number> {
    const channels = [...this.transports.keys()];
    if (channels.length === 0) return 0;
    // an idle poll is this one indexed read
    const due = await select<{ id: number }>(
      this.dataSource,
      `SELECT id FROM outbox_messages WHERE status = 'PENDING' AND channel IN (?) AND next_attempt_at <= ?
        ORDER BY id LIMIT ${BATCH_SIZE}`,
      [channels, this.clock.now()],
    );
    for (const { id } of due) {
      if (this.stopped) break;
      const row = await this.claim(id);
      if (row) await this.deliver(row);
    }
    return due.length;
  }

  /**
   * Takes one message for this worker: an autocommit UPDATE that moves its next attempt past the claim lease.
   * Of workers racing for it — on one server or on different Galera nodes — exactly one changes the row; the
   * others see it no longer due (0 rows) or lose certification at commit (ER_LOCK_DEADLOCK) and leave it.
   */
  private async claim(id: number): Promise<OutboxRow | undefined> {
    const now = this.clock.now();
    try {
      const claimed = await execute(
        this.dataSource,
        "UPDATE outbox_messages SET next_attempt_at = ? WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= ?",
        [addSeconds(now, CLAIM_LEASE_SECONDS), id, now],
      );
      if (claimed.affectedRows === 0) return undefined;
    } catch (error) {
      if (isRetryableConflict(error)) return undefined;
      throw error;
    }
    return selectOne<OutboxRow>(
      this.dataSource,
      'SELECT id, channel, recipient, payload, template, attempts, created_at FROM outbox_messages WHERE id = ?',
      [id],
    );
  }

  private async deliver(row: OutboxRow): Promise<void> {
    this.heartbeats.beat('outbox');
    const transport = this.transports.get(row.channel)!;
    try {
      // the message id doubles as the receivers' idempotency key (a crash after sending, before SENT is recorded,
      // sends it again once the lease has run out)
      await transport.send(row.recipient, this.outbox.open(row.payload, row), Number(row.id));
      await execute(this.dataSource, "UPDATE outbox_messages SET status = 'SENT', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?", [this.clock.now(), row.id]);
      this.metrics.outboxDeliveryLag.observe({ channel: row.channel }, Math.max(0, (this.clock.now().getTime() - new Date(row.created_at).getTime()) / 1000));
    } catch (error) {
      const attempts = Number(row.attempts) + 1;
      const reason = String((error as Error).message ?? error).slice(0, 300);
      await execute(
        this.dataSource,
        'UPDATE outbox_messages SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
        [attempts, attempts >= MAX_ATTEMPTS ? 'DEAD' : 'PENDING', addSeconds(this.clock.now(), retryDelaySeconds(attempts)), reason, row.id],
      );
      this.metrics.outboxDeliveryFailures.inc({ channel: row.channel });
      if (attempts >= MAX_ATTEMPTS) this.metrics.outboxGaveUp.inc({ channel: row.channel });
      this.logger.warn({ messageId: row.id, channel: row.channel, attempts }, 'delivery failed; will retry');
    }
  }
}
