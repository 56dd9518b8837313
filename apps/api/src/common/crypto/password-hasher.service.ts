/**
 * Portal and fixed passwords are hashed with argon2id at OWASP's parameters (m=19 MiB, t=2, p=1).
 * argon2 runs on libuv's thread pool, so hashing never blocks the event loop. Hashes in flight are limited:
 * two per core (measured on 2 cores: 4 in flight verify about 17 % more per second than 2, one hash's 19 MiB
 * allocation overlapping another's compute), and never so many that they take every
 * thread of the pool — a wave of logins would queue the file reads of static assets behind them (bench: GET /
 * p99 2.9 s during login load without the limit). main.ts sizes the pool at 8 (config/thread-pool.ts).
 */
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;
export const CONCURRENT_HASHES = Math.max(1, Math.min(2 * availableParallelism(), THREAD_POOL_SIZE - 2));

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
