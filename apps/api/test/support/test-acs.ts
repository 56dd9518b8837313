/**
 * Boots the real ACS process for an e2e file on the same database, clock and SMS gateway as the file's portal
 * (startTestApp), with an in-process Directory Server receiving its RReqs.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer } from 'node:net';
import { createAcsApp } from '../../src/acs.factory.js';
import { loadAcsConfig, type AcsConfig } from '../../src/config/acs-config.js';
import { loadConfig } from '../../src/config/app-config.js';
import { AcsTimersWorker } from '../../src/modules/acs/acs-timers.worker.js';
import { DsPeer } from './ds-peer.js';
import { TEST_KEYS, type TestApp } from './test-app.js';

export const ACS_TEST_SECRETS = {
  ACS_AV_KEY: Buffer.alloc(32, 9).toString('base64'),
  ACS_VERIFY_TOKEN: 'test-verify-token-0123456789abcdefghij',
};

export interface TestAcs {
  app: NestFastifyApplication;
  baseUrl: string;
  acs: AcsConfig;
  ds: DsPeer;
  timers: AcsTimersWorker;
  close(): Promise<void>;
}

export async function startTestAcs(
  portal: TestApp, env: Record<string, string> = {}, options: { ds?: DsPeer; logDestination?: NodeJS.WritableStream } = {},
): Promise<TestAcs> {
  const ds = options.ds ?? new DsPeer();
  if (!options.ds) await ds.start();
  const base = {
    NODE_ENV: 'test',
    DATABASE_URL: portal.config.databaseUrl,
    HOST: '127.0.0.1',
    SMS_GATEWAY_URL: portal.sms.url(),
    OUTBOX_POLL_MS: '50',
    ACS_TIMER_POLL_MS: '50',
    RATE_LIMITS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ACS_DS_URL: ds.url(),
    ACS_PUBLIC_URL: 'http://127.0.0.1:0',
    ...TEST_KEYS,
    ...ACS_TEST_SECRETS,
    ...env,
  };
  const config = loadConfig(base);
  // the acsURL names the port the app will listen on, so take a free one first
  const port = await freePort();
  const acs = loadAcsConfig({ ...base, ACS_PUBLIC_URL: env.ACS_PUBLIC_URL ?? `http://127.0.0.1:${port}` });
  const app = await createAcsApp(config, acs, portal.clock, options.logDestination);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app, baseUrl: `http://127.0.0.1:${port}`, acs, ds, timers: app.get(AcsTimersWorker),
    async close() {
      await app.close();
      if (!options.ds) await ds.stop();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
