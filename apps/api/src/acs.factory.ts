/**
 * Builds the ACS's HTTP application (used by acs-main.ts, the e2e tests and the benchmark). Bodies reach the
 * controllers as text — an AReq that is not JSON must become an Erro 101, not a framework error — and the
 * challenge form is parsed from application/x-www-form-urlencoded. No cookies, no maintenance window.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import { AcsAppModule } from './acs-app.module.js';
import { Clock, SystemClock } from './common/clock/clock.js';
import type { AcsConfig } from './config/acs-config.js';
import type { AppConfig } from './config/app-config.js';
import { defaultAcsHeaders } from './modules/acs/acs-headers.js';
import { closeConnectionsWhileDraining, Readiness } from './modules/health/readiness.service.js';
import { measureHttpRequests } from './modules/metrics/http-metrics.js';
import { Metrics } from './modules/metrics/metrics.js';

const MAX_FORM_FIELDS = 16;

export async function createAcsApp(
  config: AppConfig, acs: AcsConfig, clock: Clock = new SystemClock(), logDestination?: NodeJS.WritableStream,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 64 * 1024,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(AcsAppModule.with(config, acs, clock, logDestination), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT are handled by acs-main.ts (graceful-shutdown.ts): drain, then close

  const fastify = app.getHttpAdapter().getInstance();
  measureHttpRequests(fastify, app.get(Metrics));
  closeConnectionsWhileDraining(fastify, app.get(Readiness));
  fastify.removeAllContentTypeParsers();
  const asText = (_request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => done(null, body);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, asText);
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => {
    const fields: Record<string, string> = {};
    let count = 0;
    for (const [name, value] of new URLSearchParams(body)) {
      if (++count > MAX_FORM_FIELDS) break;
      // the first value of a name counts; a repeated field cannot smuggle a second token past the check
      if (!(name in fields) && /^[A-Za-z0-9_]{1,40}$/.test(name)) fields[name] = value;
    }
    done(null, fields);
  });
  fastify.addContentTypeParser('*', { parseAs: 'string' }, asText);

  const headers = defaultAcsHeaders(acs.publicUrl.startsWith('https://'));
  fastify.addHook('onRequest', async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers);
  });

  await app.init();
  return app;
}
