/**
 * Boots the real application for an e2e file: real MariaDB (the run's fresh database), real SMTP and SMS peers,
 * a manual clock (12:00 JST by default, outside the maintenance window), and HTTP on an ephemeral port.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import mysql from 'mysql2/promise';
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
  AUDIT_KEY: Buffer.alloc(32, 5).toString('base64'),
  AUDIT_SIGNING_KEY: Buffer.alloc(32, 6).toString('base64'),
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

let fileDatabase: Promise<string> | undefined;

/**
 * Each test file gets its own database, cloned from the run's template (migrated once by global-setup):
 * outbox workers of different files must not deliver each other's messages. The clone copies the exact DDL
 * (foreign keys included), the seeded rows (terms, audit chain heads, migration history) and the stored procedures.
 */
export function testDatabaseUrl(): Promise<string> {
  fileDatabase ??= (async () => {
    const template = new URL(process.env.TEST_DATABASE_URL!);
    const source = template.pathname.slice(1);
    const target = `${source}_${Math.random().toString(36).slice(2, 8)}`;
    const connection = await mysql.createConnection({
      host: template.hostname, port: Number(template.port || 3306), user: decodeURIComponent(template.username),
      password: decodeURIComponent(template.password), multipleStatements: false,
    });
    try {
      await connection.query(`CREATE DATABASE \`${target}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await connection.query(`USE \`${target}\``);
      await connection.query('SET FOREIGN_KEY_CHECKS = 0');
      const [tables] = await connection.query<mysql.RowDataPacket[]>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'", [source],
      );
      for (const { name } of tables) {
        const [[ddl]] = await connection.query<mysql.RowDataPacket[]>(`SHOW CREATE TABLE \`${source}\`.\`${name}\``);
        await connection.query(ddl!['Create Table'] as string);
        await connection.query(`INSERT INTO \`${name}\` SELECT * FROM \`${source}\`.\`${name}\``);
      }
      await connection.query('SET FOREIGN_KEY_CHECKS = 1');
      // stored procedures (the card inquiry's write) are not part of any table's DDL
      const [routines] = await connection.query<mysql.RowDataPacket[]>(
        "SELECT routine_name AS name FROM information_schema.routines WHERE routine_schema = ? AND routine_type = 'PROCEDURE'", [source],
      );
      for (const { name } of routines) {
        const [[ddl]] = await connection.query<mysql.RowDataPacket[]>(`SHOW CREATE PROCEDURE \`${source}\`.\`${name}\``);
        await connection.query(ddl!['Create Procedure'] as string);
      }
    } finally {
      await connection.end();
    }
    template.pathname = `/${target}`;
    return template.toString();
  })();
  return fileDatabase;
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
    DATABASE_URL: await testDatabaseUrl(),
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_ORIGIN: 'http://localhost:5173',
    SMTP_URL: mail.url(),
    SMS_GATEWAY_URL: sms.url(),
    MAINTENANCE_WINDOW: '05:00-07:00',
    INITIAL_STAFF_LOGIN_ID: STAFF_LOGIN_ID,
    INITIAL_STAFF_PASSWORD: STAFF_PASSWORD,
    OUTBOX_POLL_MS: '50',
    // every file shares 127.0.0.1 as its source address: the limits are switched on by the files that test them
    RATE_LIMITS: 'false',
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
