/**
 * Imported first by main.ts, before anything can touch libuv's thread pool (its size is read once, at first
 * use). The pool runs argon2 (PasswordHasher: at most one hash per core) and file reads (static SPA assets);
 * two threads more than cores keep file reads from ever queueing behind hashes. An operator's
 * UV_THREADPOOL_SIZE wins.
 */
import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism() + 2));

/** the pool size in effect (libuv reads the same variable), for the hash slots that must leave threads free */
export function threadPoolSize(): number {
  return Number(process.env.UV_THREADPOOL_SIZE) || 4;
}
