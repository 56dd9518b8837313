import { createRequire } from 'node:module';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Clock } from './common/clock/clock.js';
import { CardCrypto } from './common/crypto/card-crypto.service.js';
import { PasswordHasher } from './common/crypto/password-hasher.service.js';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { BackofficeModule } from './modules/backoffice/backoffice.module.js';
import { CardMasterModule } from './modules/card-master/card-master.module.js';
import { CardsModule } from './modules/cards/cards.module.js';
import { CompanyModule } from './modules/company/company.module.js';
import { EnrollmentModule } from './modules/enrollment/enrollment.module.js';
import { HealthController } from './modules/health/health.controller.js';
import { OutboxModule } from './modules/outbox/outbox.module.js';
import { ServiceInfoController } from './modules/service-info/service-info.controller.js';
import { SessionModule } from './modules/session/session.module.js';
import { SignupModule } from './modules/signup/signup.module.js';

/** Values every module may inject: configuration, the clock and the crypto helpers. */
@Global()
@Module({})
class CoreModule {
  static with(config: AppConfig, clock: Clock): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: clock },
      CardCrypto,
      PasswordHasher,
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}

/** pino-pretty is a development tool: without it (a production-style install) the logs stay JSON. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export const LOG_REDACT_PATHS = [
  'req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]',
];

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

@Module({})
export class AppModule {
  static with(config: AppConfig, clock: Clock, logDestination?: NodeJS.WritableStream): DynamicModule {
    const pinoOptions = loggerOptions(config, logDestination !== undefined);
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config, clock),
        LoggerModule.forRoot({ pinoHttp: logDestination ? [pinoOptions, logDestination] : pinoOptions } as never),
        TypeOrmModule.forRootAsync({ useFactory: () => ({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1000 }) }),
        AuditModule,
        OutboxModule,
        SessionModule,
        SignupModule,
        AuthModule,
        BackofficeModule,
        CardMasterModule,
        CardsModule,
        CompanyModule,
        EnrollmentModule,
      ],
      controllers: [HealthController, ServiceInfoController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
