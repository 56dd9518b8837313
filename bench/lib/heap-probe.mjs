/**
 * Loaded into the API process by the bench (`node --expose-gc --import bench/lib/heap-probe.mjs`): on SIGWINCH
 * it runs a full garbage collection and writes process.memoryUsage() to BENCH_HEAP_PROBE_FILE. RSS alone cannot
 * tell a leak from a heap V8 has simply not collected yet; the live heap after a full GC can. It only observes:
 * no request path is touched. SIGWINCH because its default action is to ignore and Nest's shutdown hooks do not
 * listen to it (they do to SIGUSR2).
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_HEAP_PROBE_FILE;
if (file) {
  process.on('SIGWINCH', () => {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...usage }));
  });
}
