/**
 * SIGTERM (or Ctrl-C) for both processes: readiness turns 503 at once while the listener keeps serving for
 * SHUTDOWN_DRAIN_MS (the load balancer sees the 503 and stops routing here), then app.close(): the workers
 * finish their batch (beforeApplicationShutdown), the HTTP listener stops accepting and waits for in-flight
 * requests, the pool closes, exit 0. Whatever hangs past the hard deadline ends the process with exit code 1.
 */
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { Readiness } from './modules/health/readiness.service.js';

export const SHUTDOWN_DEADLINE_MS = 10_000;

export function shutDownGracefullyOnSignals(app: INestApplication, drainMs: number, name: string): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    // Ctrl-C reaches pnpm and node together and pnpm forwards it once more: the second signal changes nothing
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      process.stderr.write(`${name}: shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting\n`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    process.stdout.write(`${name}: ${signal} received, draining${drainMs > 0 ? ` for ${drainMs} ms` : ''}\n`);
    app.get(Readiness).startDraining();
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
    // server.close() drops the keep-alive connections idle at that moment only; one whose in-flight request is
    // answered afterwards would stay open (and hold the close) until its keep-alive timeout, so keep reaping
    const server = app.getHttpServer() as Server;
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${name}: shutdown failed: ${(error as Error).message}\n`);
      process.exit(1);
    } finally {
      clearInterval(reaper);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
}
