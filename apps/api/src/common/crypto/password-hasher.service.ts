/**
 * Portal and fixed passwords are hashed with argon2id at OWASP's parameters (m=19 MiB, t=2, p=1).
 * argon2 runs on libuv's thread pool, so hashing never blocks the event loop. At most one hash per core runs
 * at a time, and never on every thread of the pool: otherwise a wave of logins queues the file reads of static
 * assets behind the hashes and takes the cores from the event loop (docs/PERFORMANCE.md, "Password hashing",
 * has the measurements). One hash more than cores kept the cores busier (enrollment changes +4 %) but made the
 * ACS's RReqs wait 1.9 s instead of 21 ms (p50) during challenges: not worth it. Worker threads that start
 * their next hash without the event loop did the same for the enrollment change (+4 points) and let light
 * requests' p99 pass 50 ms during a login wave: not kept either. main.ts sizes the pool (config/thread-pool.ts).
 * The queue in front of the slots is capped too: beyond MAX_QUEUED_HASHES waiting, a check is refused at once
 * (503 SERVER_BUSY, Retry-After: 1) rather than making a real login wait behind a wave of bad ones.
 * The cap admits operations, not hashes. An operation with more than one hash, or with costly work before its
 * first (a new fixed password: the strength check, then a verify against the portal password, then the hash)
 * calls `admit()` first and passes `{ admitted: true }` to its hashes, so a refusal comes before any work and
 * an admitted operation is never refused half-way. Refusing the second hash, after the strength check and the
 * first hash had run, left 7.5 of 106 enrollment changes a second succeeding under a wave of 50 connections.
 */
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { threadPoolSize } from '../../config/thread-pool.js';
import { AppException } from '../errors/app.exception.js';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const CONCURRENT_HASHES = Math.max(1, Math.min(availableParallelism(), threadPoolSize() - 2));
/**
 * About a second of waiting at the ~35 ms one hash takes here (docs/PERFORMANCE.md): a wave of 50 logins
 * queues and is served at the hashing rate; a flood beyond that is refused at once.
 */
export const MAX_QUEUED_HASHES = 32 * CONCURRENT_HASHES;

@Injectable()
export class PasswordHasher {
  private readonly slots = pLimit(CONCURRENT_HASHES);
  /** a real hash of a random value, verified against when an account does not exist (uniform timing) */
  private dummyHash?: Promise<string>;

  /** Refuses the operation at once (503 SERVER_BUSY) when the queue is full; call it before the operation's work. */
  admit(): void {
    if (this.slots.pendingCount >= MAX_QUEUED_HASHES) throw new AppException('SERVER_BUSY', undefined, { 'retry-after': '1' });
  }

  /** `admitted`: the operation has passed `admit()`, so this hash is queued whatever the queue's length */
  hash(password: string, { admitted = false } = {}): Promise<string> {
    return this.queue(() => argon2.hash(password, OPTIONS), admitted);
  }

  private queue<T>(work: () => Promise<T>, admitted: boolean): Promise<T> {
    try {
      if (!admitted) this.admit();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.slots(work);
  }

  async verify(hash: string | null | undefined, password: string, { admitted = false } = {}): Promise<boolean> {
    if (!hash) {
      // made outside the cap: a refused first attempt must not leave a rejected dummy behind
      this.dummyHash ??= this.slots(() => argon2.hash(`dummy-${Math.random()}`, OPTIONS));
      const dummy = await this.dummyHash;
      await this.queue(() => argon2.verify(dummy, password).catch(() => false), admitted);
      return false;
    }
    return this.queue(() => argon2.verify(hash, password).catch(() => false), admitted);
  }
}
