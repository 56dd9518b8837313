/**
 * Imported first by main.ts, before anything can touch libuv's thread pool (its size is read once, at first
 * use). The pool runs argon2 (PasswordHasher) and file reads (static SPA assets); 8 threads leave file reads
 * free threads while up to 4 hashes run. An operator's UV_THREADPOOL_SIZE wins.
 */
process.env.UV_THREADPOOL_SIZE ??= '8';
