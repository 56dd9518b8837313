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

async function waitOut(floorMs: number, started: number): Promise<void> {
  const left = floorMs - (performance.now() - started);
  if (left > 0) await sleep(left);
}

/** Every answer waits out the floor: for endpoints whose answer is the same whatever happened (recovery). */
export async function withResponseFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    await waitOut(floorMs, started);
  }
}

/**
 * Only refusals wait out the floor: a success is told apart from a refusal by its answer anyway, so making it
 * wait hides nothing and would only cap the endpoint's latency and throughput (login, card inquiry).
 */
export async function withRefusalFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } catch (error) {
    await waitOut(floorMs, started);
    throw error;
  }
}
