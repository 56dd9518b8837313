/**
 * What every process (portal, ACS) is built on: configuration, the clock and the crypto helpers as global
 * providers, the pino logger with redaction, and the TypeORM connection pool.
 */
import { createRequire } from 'node:module';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Clock } from './common/clock/clock.js';
import { CardCrypto } from './common/crypto/card-crypto.service.js';
import { PasswordHasher } from './common/crypto/password-hasher.service.js';
import { RateLimits } from './common/rate-limit/rate-limits.service.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';

/** Values every module may inject: configuration, the clock and the crypto helpers. */
@Global()
@Module({})
class CoreModule {
  static with(config: AppConfig, clock: Clock, extra: { provide: symbol; useValue: unknown }[]): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: clock },
      ...extra,
      CardCrypto,
      PasswordHasher,
      RateLimits,
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}

export const LOG_REDACT_PATHS = [
  'req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]',
];

/** pino-pretty is a development tool: without it (a production-style install) the logs stay JSON. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * pino options: people read development logs (one coloured line per event through pino-pretty); production,
 * tests and any run with an explicit destination keep JSON lines for machines.
 */
export function loggerOptions(config: Pick<AppConfig, 'env' | 'logLevel'>, hasDestination: boolean) {
  return {
    level: config.logLevel,
    ...(config.env === 'development' && !hasDestination && prettyAvailable() ? {
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true } },
    } : {}),
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    // URLs carry no card data (card numbers travel only in bodies), so the path is safe to log
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
  };
}

export function foundationImports(
  config: AppConfig,
  clock: Clock,
  logDestination?: NodeJS.WritableStream,
  extraValues: { provide: symbol; useValue: unknown }[] = [],
): DynamicModule[] {
  const pinoOptions = loggerOptions(config, logDestination !== undefined);
  return [
    CoreModule.with(config, clock, extraValues),
    LoggerModule.forRoot({ pinoHttp: logDestination ? [pinoOptions, logDestination] : pinoOptions } as never),
    TypeOrmModule.forRootAsync({ useFactory: () => ({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1000 }) }),
  ];
}
