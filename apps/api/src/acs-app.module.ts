import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Clock } from './common/clock/clock.js';
import { ACS_CONFIG, type AcsConfig } from './config/acs-config.js';
import type { AppConfig } from './config/app-config.js';
import { AcsExceptionFilter } from './modules/acs/acs-exception.filter.js';
import { AcsModule } from './modules/acs/acs.module.js';
import { ChallengePages } from './modules/acs/challenge/challenge-pages.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OutboxModule } from './modules/outbox/outbox.module.js';
import { foundationImports } from './process-foundation.js';

/** The ACS process: only the ACS, audit and outbox modules — no portal routes, no maintenance window. */
@Module({})
export class AcsAppModule {
  static with(config: AppConfig, acs: AcsConfig, clock: Clock, logDestination?: NodeJS.WritableStream): DynamicModule {
    return {
      module: AcsAppModule,
      imports: [
        ...foundationImports(config, clock, logDestination, [{ provide: ACS_CONFIG, useValue: acs }]),
        // GET /health, /health/live, /health/ready for the load balancer (no /api/v1 prefix here)
        HealthModule,
        MetricsModule.forProcess('acs'),
        AuditModule,
        OutboxModule,
        AcsModule,
      ],
      providers: [ChallengePages, { provide: APP_FILTER, useClass: AcsExceptionFilter }],
    };
  }
}
