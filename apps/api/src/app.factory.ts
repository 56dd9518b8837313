/**
 * Builds the HTTP application (used by main.ts, the e2e tests and the benchmark): NestJS on fastify, with the
 * request-level defences that run before any controller — maintenance window, Origin check on state
 * changes, security headers — and the OpenAPI document at /api/docs.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { Clock, SystemClock } from './common/clock/clock.js';
import { AppException } from './common/errors/app.exception.js';
import { problemBody, sendProblem, toAppException } from './common/errors/problem.filter.js';
import { registerResponseCompression } from './common/http/compressed-response.js';
import { boundedJsonParser } from './common/http/json-body.js';
import { createValidationPipe } from './common/validation/validation.js';
import type { AppConfig } from './config/app-config.js';
import { closeConnectionsWhileDraining, Readiness } from './modules/health/readiness.service.js';
import { secondsUntilWindowEnds } from './modules/maintenance/maintenance-window.js';
import { measureHttpRequests } from './modules/metrics/http-metrics.js';
import { Metrics } from './modules/metrics/metrics.js';
import { completeOpenApiDocument } from './openapi/complete-document.js';

export const API_PREFIX = 'api/v1';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPEN_DURING_MAINTENANCE = new Set(
  ['health', 'health/live', 'health/ready', 'service-info'].map((path) => `/${API_PREFIX}/${path}`),
);

/**
 * The API path a request is decided on: the route the router matched (`/%61pi/v1/…` and `/api/v1/x` reach
 * the same handler, so they must meet the same checks), else the raw path percent-decoded, with repeated
 * slashes collapsed and lower-cased, so an unmatched spelling of the prefix is treated as API too. undefined
 * for anything outside the API (the SPA and its assets).
 */
export function apiPathOf(request: FastifyRequest): string | undefined {
  const routed = request.routeOptions?.url;
  if (routed && routed.startsWith(`/${API_PREFIX}/`)) return routed;
  const raw = request.url.split('?')[0] ?? '';
  let decoded = raw;
  // decode repeatedly (%2561 → %61 → a), bounded
  for (let i = 0; i < 3; i += 1) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      break;
    }
  }
  const normalized = decoded.replace(/\/+/g, '/').toLowerCase();
  return normalized.startsWith('/api/') ? normalized : undefined;
}

/**
 * Vite names every file under assets/ after a hash of its content, so a browser may keep it for good; the
 * shell (index.html) and the unhashed public files are revalidated on every load, so a deploy is seen at once.
 */
export function spaCacheControl(filePath: string): string {
  return /[\\/]assets[\\/][^\\/]+-[\w-]{8}\.\w+(\.(br|gz))?$/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

export async function createApp(
  config: AppConfig,
  clock: Clock = new SystemClock(),
  logDestination?: NodeJS.WritableStream,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: config.trustProxy,
    // errors fastify raises before routing (bad URL encoding, bad content length) are problem+json too
    frameworkErrors: (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(reply, toAppException(error) ?? new AppException('MALFORMED_REQUEST'), String(request.id));
    },
    // and so are the HTTP parser's (an oversized URL or header block), answered straight on the socket
    clientErrorHandler: (error: Error, socket: Duplex) => {
      if (!socket.writable) return socket.destroy(error);
      const body = JSON.stringify(problemBody(new AppException('MALFORMED_REQUEST'), randomUUID()));
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(config, clock, logDestination), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  // SIGTERM/SIGINT are handled by the entry point (graceful-shutdown.ts): drain, then close

  const fastify = app.getHttpAdapter().getInstance();
  measureHttpRequests(fastify, app.get(Metrics));
  closeConnectionsWhileDraining(fastify, app.get(Readiness));
  await fastify.register(fastifyCookie as never);
  await registerResponseCompression(fastify);
  // helmet's own middleware, built once: @fastify/helmet rebuilt it (re-parsing the CSP) on every request,
  // 2 % of the API's CPU under load (bench/profile.mjs)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // the SPA's styles are files; Vue's :style bindings go through the CSSOM, which style-src does not govern
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = apiPathOf(request);
    if (path === undefined) return;
    // health and the service facts (contact desk, window) stay up: the maintenance page shows them
    if (!OPEN_DURING_MAINTENANCE.has(path)) {
      const retryAfter = secondsUntilWindowEnds(clock.now(), config.maintenanceWindow, config.businessTimeZone);
      if (retryAfter !== undefined) {
        return sendProblem(reply, new AppException('MAINTENANCE', undefined, { 'retry-after': String(retryAfter) }), String(request.id));
      }
    }
    if (STATE_CHANGING.has(request.method)) {
      const origin = request.headers.origin;
      const fetchSite = request.headers['sec-fetch-site'];
      // a browser always sends Origin on these; non-browser clients (curl, a 3DS server) send none
      if ((origin && !config.allowedOrigins.includes(origin)) || (!origin && fetchSite === 'cross-site')) {
        return sendProblem(reply, new AppException('ORIGIN_NOT_ALLOWED'), String(request.id));
      }
    }
    if (STATE_CHANGING.has(request.method) && hasBody(request)) {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const expected = path.endsWith('/card-imports') ? ['text/csv', 'application/csv'] : ['application/json'];
      if (!expected.includes(type)) return sendProblem(reply, new AppException('UNSUPPORTED_MEDIA_TYPE'), String(request.id));
    }
    reply.header('cache-control', 'no-store');
  });

  // JSON is measured (depth, width) before it is parsed and validated
  app.useBodyParser('application/json', { bodyLimit: 1024 * 1024 }, boundedJsonParser(
    fastify.getDefaultJsonParser('error', 'error') as Parameters<typeof boundedJsonParser>[0],
    () => new AppException('MALFORMED_REQUEST'),
  ) as never);

  // CSV uploads are streamed to the import service, never buffered whole
  fastify.addContentTypeParser(['text/csv', 'application/csv'], (_request: FastifyRequest, payload: unknown, done: (err: Error | null, body?: unknown) => void) => {
    done(null, payload);
  });

  // the API map is reconnaissance for an attacker: off in production unless API_DOCS=true
  if (config.apiDocs) {
    // completed with response schemas, problem+json errors and "session AND CSRF" security (src/openapi)
    const document = completeOpenApiDocument(SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('法人Webサービス API')
        .setDescription('Corporate-card 3-D Secure (J/Secure) enrollment: sign-up, back office, member enrollment, ACS. Errors are RFC 9457 problem+json with a `code`.')
        .setVersion('1')
        .addCookieAuth('corpweb_sid', { type: 'apiKey', in: 'cookie' }, 'member')
        .addCookieAuth('corpweb_staff_sid', { type: 'apiKey', in: 'cookie' }, 'staff')
        .addApiKey({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }, 'csrf')
        .build(),
    ));
    fastify.get('/api/docs/openapi.json', (_request: FastifyRequest, reply: FastifyReply) => reply.send(document));
    // the interactive UI needs @fastify/static, which jest's ESM runtime cannot load; tests read the JSON
    if (config.env !== 'test') SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/swagger.json' });
  }

  if (config.webDistDir && existsSync(config.webDistDir)) {
    // loaded only when there is a built SPA to serve (tests and API-only deployments never need it)
    const { default: fastifyStatic } = await import('@fastify/static');
    await fastify.register(fastifyStatic as never, {
      root: config.webDistDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // the build writes .br and .gz beside each file (apps/web/vite.config.ts): sent as they are, by Accept-Encoding
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply: FastifyReply, path: string) => reply.header('cache-control', spaCacheControl(path)),
    });
    // client-side routes: any other GET outside /api gets the SPA shell
    fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      if (apiPathOf(request) !== undefined) return sendProblem(reply, new AppException('NOT_FOUND'), String(request.id));
      return (reply as FastifyReply & { sendFile(name: string): FastifyReply }).sendFile('index.html');
    });
  }

  await app.init();
  return app;
}
