/**
 * Portal and fixed passwords are hashed with argon2id at OWASP's parameters (m=19 MiB, t=2, p=1).
 * argon2 runs on libuv's thread pool, so hashing never blocks the event loop. At most one hash per core runs
 * at a time, and never on every thread of the pool: otherwise a wave of logins queues the file reads of static
 * assets behind the hashes and takes the cores from the event loop. Measured on 2 cores during a login wave
 * (pnpm bench), p99 of GET /: unlimited 2.9 s, 4 in flight 88 ms, 2 in flight 48 ms, while logins per second
 * stayed at 44–48 in all three: the event loop and MariaDB need those cores too. main.ts sizes the pool
 * (config/thread-pool.ts).
 */
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;
export const CONCURRENT_HASHES = Math.max(1, Math.min(availableParallelism(), THREAD_POOL_SIZE - 2));

@Injectable()
export class PasswordHasher {
  private readonly slots = pLimit(CONCURRENT_HASHES);
  /** a real hash of a random value, verified against when an account does not exist (uniform timing) */
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return this.slots(() => argon2.hash(password, OPTIONS));
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummyHash ??= this.hash(`dummy-${Math.random()}`);
      const dummy = await this.dummyHash;
      await this.slots(() => argon2.verify(dummy, password)).catch(() => false);
      return false;
    }
    return this.slots(() => argon2.verify(hash, password)).catch(() => false);
  }
}
