import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Clock } from './common/clock/clock.js';
import { ProblemFilter } from './common/errors/problem.filter.js';
import type { AppConfig } from './config/app-config.js';
import { AcsConsoleModule } from './modules/acs-console/acs-console.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ApplicationsModule } from './modules/applications/applications.module.js';
import { AuditEventsModule } from './modules/audit/audit-events.module.js';
import { CardMasterModule } from './modules/card-master/card-master.module.js';
import { CardsModule } from './modules/cards/cards.module.js';
import { CompanyModule } from './modules/company/company.module.js';
import { EnrollmentModule } from './modules/enrollment/enrollment.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { DevOutboxModule } from './modules/outbox/dev-outbox.module.js';
import { OutboxModule } from './modules/outbox/outbox.module.js';
import { ServiceInfoController } from './modules/service-info/service-info.controller.js';
import { PasskeyModule } from './modules/auth/passkey/passkey.module.js';
import { SessionModule } from './modules/session/session.module.js';
import { StaffAuthModule } from './modules/auth/staff-auth.module.js';
import { foundationImports } from './process-foundation.js';

/** The portal process: sign-up, member and back-office API (the ACS is its own process, acs-app.module.ts). */
@Module({})
export class AppModule {
  static with(config: AppConfig, clock: Clock, logDestination?: NodeJS.WritableStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...foundationImports(config, clock, logDestination),
        HealthModule,
        MetricsModule.forProcess('portal'),
        AuditModule,
        OutboxModule,
        DevOutboxModule,
        SessionModule,
        ApplicationsModule,
        AuthModule,
        StaffAuthModule,
        AuditEventsModule,
        CardMasterModule,
        CardsModule,
        CompanyModule,
        EnrollmentModule,
        AcsConsoleModule,
        PasskeyModule,
      ],
      controllers: [ServiceInfoController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
