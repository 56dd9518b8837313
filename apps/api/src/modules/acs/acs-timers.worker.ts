/**
 * Durable challenge timers. Deadlines live in acs_transactions (30 s for the first CReq, 600 s for the answer),
 * so a restart loses none: every ACS_TIMER_POLL_MS this worker ends what is due — N/14 with challengeCancel 05
 * (no CReq) or 04 (no answer) — and OTP challenges whose SMS could not be delivered in time — U/22. Each end
 * goes through ResultsService's guarded UPDATE with the deadline in its WHERE, so a timer never beats an answer
 * that arrived in time, and two ACS instances never end one challenge twice.
 */
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { ACS_CONFIG, type AcsConfig } from '../../config/acs-config.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { WorkerHeartbeats } from '../health/worker-heartbeats.js';
import { ResultsService } from './results.service.js';
import { AcsTransactionsRepository } from './transactions/acs-transactions.repository.js';

const BATCH = 50;

@Injectable()
export class AcsTimersWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AcsTimers');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly transactions: AcsTransactionsRepository,
    private readonly results: ResultsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ACS_CONFIG) private readonly acs: AcsConfig,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeats: WorkerHeartbeats,
  ) {}

  onApplicationBootstrap(): void {
    this.heartbeats.register('acsTimers', Math.max(30_000, this.acs.timerPollMs * 5));
    this.schedule();
  }

  /** Graceful shutdown: the pass under way finishes while the pool is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.heartbeats.unregister('acsTimers');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.heartbeats.beat('acsTimers');
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ errorCode: (error as { code?: string }).code }, 'timer pass failed (database unavailable?)'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.acs.timerPollMs);
  }

  /** One pass; returns how many transactions it ended. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    let ended = 0;
    for (const due of await this.transactions.due(now, BATCH)) {
      const transaction = await this.transactions.find(due.acsTransId);
      if (!transaction) continue;
      const result = due.state === 'AWAITING_CREQ'
        ? { transStatus: 'N' as const, transStatusReason: '14' as const, challengeCancel: '05' as const }
        : { transStatus: 'N' as const, transStatusReason: '14' as const, challengeCancel: '04' as const };
      const done = await this.results.complete(transaction, due.state, result, { dueBy: now, actor: 'SYSTEM', cause: 'TIMEOUT' });
      if (done) ended += 1;
    }
    // an SMS gateway that cannot deliver the OTP ends the challenge U/22; without a gateway (dev outbox) the
    // message is read from the outbox page and never counts as failed
    if (this.config.smsGatewayUrl) {
      const queuedBefore = addSeconds(now, -this.acs.smsDeliveryDeadlineSeconds);
      for (const acsTransId of await this.transactions.undeliveredOtps(queuedBefore, BATCH)) {
        const transaction = await this.transactions.find(acsTransId);
        if (!transaction) continue;
        const done = await this.results.complete(transaction, 'CHALLENGING', { transStatus: 'U', transStatusReason: '22' }, { actor: 'SYSTEM', cause: 'SMS_UNDELIVERED' });
        if (done) ended += 1;
      }
    }
    return ended;
  }
}
