/**
 * Preloaded into the API by bench/profile.mjs (`--import`): --cpu-prof is not allowed in NODE_OPTIONS, so the
 * profiler is driven through the inspector: the first SIGUSR2 starts it (after start-up and warm-up), the
 * second writes the profile to BENCH_CPU_PROFILE.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')));
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(result.profile));
  });
});
