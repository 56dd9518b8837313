/**
 * Portal and fixed passwords are hashed with argon2id at OWASP's parameters (m=19 MiB, t=2, p=1).
 * argon2 runs on libuv's thread pool, so hashing never blocks the event loop.
 */
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** a real hash of a random value, verified against when an account does not exist (uniform timing) */
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummyHash ??= argon2.hash(`dummy-${Math.random()}`, OPTIONS);
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
