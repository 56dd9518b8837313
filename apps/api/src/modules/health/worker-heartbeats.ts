/**
 * Background workers (outbox, ACS timers) say they are alive here; readiness reports a worker that has not
 * beaten for longer than it allows as stalled. Measured on the monotonic clock, not the injected business
 * clock: a frozen test clock or an NTP step must not make a healthy worker look dead.
 */
import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';

export type WorkerState = 'alive' | 'stalled';

interface Heartbeat {
  lastBeatAt: number;
  maxSilenceMs: number;
}

@Injectable()
export class WorkerHeartbeats {
  private readonly workers = new Map<string, Heartbeat>();

  /** A worker that starts registers once; it counts as alive from that moment. */
  register(name: string, maxSilenceMs: number): void {
    this.workers.set(name, { lastBeatAt: performance.now(), maxSilenceMs });
  }

  beat(name: string): void {
    const heartbeat = this.workers.get(name);
    if (heartbeat) heartbeat.lastBeatAt = performance.now();
  }

  /** A worker that stopped on purpose (shutdown) is no longer reported. */
  unregister(name: string): void {
    this.workers.delete(name);
  }

  states(): Record<string, WorkerState> {
    const now = performance.now();
    return Object.fromEntries(
      [...this.workers].map(([name, { lastBeatAt, maxSilenceMs }]) => [name, now - lastBeatAt <= maxSilenceMs ? 'alive' : 'stalled']),
    );
  }
}
