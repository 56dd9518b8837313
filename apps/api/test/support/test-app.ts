/**
 * Boots the real application for an e2e file: real MariaDB (the run's fresh database), real SMTP and SMS peers,
 * a manual clock (12:00 JST by default, outside the maintenance window), and HTTP on an ephemeral port.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { ManualClock } from '../../src/common/clock/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { HttpClient } from './http-client.js';
import { SmsSink, SmtpSink } from './sinks.js';

export const TEST_KEYS = {
  PAN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PAN_FINGERPRINT_KEY: Buffer.alloc(32, 2).toString('base64'),
  PIN_KEY: Buffer.alloc(32, 3).toString('base64'),
  OTP_KEY: Buffer.alloc(32, 4).toString('base64'),
};
export const STAFF_LOGIN_ID = 'supervisor';
export const STAFF_PASSWORD = 'Qz7!mLw#2pVx';
/** 2026-11-25 12:00 JST */
export const NOON_JST = new Date('2026-11-25T03:00:00.000Z');

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  clock: ManualClock;
  config: AppConfig;
  db: DataSource;
  mail: SmtpSink;
  sms: SmsSink;
  client(): HttpClient;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** share message peers between two app instances (multi-instance tests) */
  sinks?: { mail: SmtpSink; sms: SmsSink };
  clock?: ManualClock;
  /** receives every log line the app writes */
  logDestination?: NodeJS.WritableStream;
}

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const mail = options.sinks?.mail ?? new SmtpSink();
  const sms = options.sinks?.sms ?? new SmsSink();
  if (!options.sinks) await Promise.all([mail.start(), sms.start()]);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.TEST_DATABASE_URL!,
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_ORIGIN: 'http://localhost:5173',
    SMTP_URL: mail.url(),
    SMS_GATEWAY_URL: sms.url(),
    MAINTENANCE_WINDOW: '05:00-07:00',
    INITIAL_STAFF_LOGIN_ID: STAFF_LOGIN_ID,
    INITIAL_STAFF_PASSWORD: STAFF_PASSWORD,
    OUTBOX_POLL_MS: '50',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...TEST_KEYS,
    ...env,
  });
  const clock = options.clock ?? new ManualClock(NOON_JST);
  const app = await createApp(config, clock, options.logDestination);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app, baseUrl, clock, config, db: app.get(DataSource), mail, sms,
    client: () => new HttpClient(baseUrl),
    async close() {
      await app.close();
      if (!options.sinks) await Promise.all([mail.stop(), sms.stop()]);
    },
  };
}
