/**
 * Answers that must not reveal which check failed (unknown account vs wrong password, unknown card vs other
 * company's card vs wrong PIN, reset for an existing vs an unknown account) finish no sooner than a fixed
 * floor, well above the slower path's own time, so their response-time distributions cannot be told apart.
 * The floor is waiting, not work: it costs latency on these endpoints, not CPU.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const ResponseFloorsMs = {
  login: 120,
  cardInquiry: 100,
  accountRecovery: 250,
} as const;

export async function withResponseFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}
