/**
 * The ceiling for login: how many argon2id verifications per second this machine does with nothing of ours
 * around them — the same native module, the same parameters (m=19456 KiB, t=2, p=1) and the same libuv
 * thread pool size as the API (UV_THREADPOOL_SIZE, default 4), enough verifications in flight to keep it busy.
 */
import { MEMBER_PASSWORD, requireFromApi } from './common.mjs';
import { ARGON2_OPTIONS } from './seed.mjs';

export async function argon2VerifyRate(seconds = 3) {
  const argon2 = requireFromApi('argon2');
  const hash = await argon2.hash(MEMBER_PASSWORD, { type: argon2.argon2id, ...ARGON2_OPTIONS });
  const single = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await argon2.verify(hash, MEMBER_PASSWORD);
    single.push(performance.now() - started);
  }
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (!(await argon2.verify(hash, MEMBER_PASSWORD))) throw new Error('argon2 verify failed');
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const elapsed = (performance.now() - started) / 1000;
  single.sort((a, b) => a - b);
  return {
    verifiesPerSecond: Number((done / elapsed).toFixed(1)),
    singleVerifyMs: Number(single[2].toFixed(1)),
    threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    params: 'argon2id m=19456 KiB, t=2, p=1',
  };
}
