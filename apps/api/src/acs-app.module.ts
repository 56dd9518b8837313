import { Controller, type DynamicModule, Get, Module, Res } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Clock } from './common/clock/clock.js';
import { ACS_CONFIG, type AcsConfig } from './config/acs-config.js';
import type { AppConfig } from './config/app-config.js';
import { AcsExceptionFilter } from './modules/acs/acs-exception.filter.js';
import { AcsModule } from './modules/acs/acs.module.js';
import { ChallengePages } from './modules/acs/challenge/challenge-pages.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { OutboxModule } from './modules/outbox/outbox.module.js';
import { foundationImports } from './process-foundation.js';

/** Liveness with a database round trip, for the load balancer. */
@Controller('health')
class AcsHealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; db: string }> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', db: 'up' };
    } catch {
      reply.status(503);
      return { status: 'degraded', db: 'down' };
    }
  }
}

/** The ACS process: only the ACS, audit and outbox modules — no portal routes, no maintenance window. */
@Module({})
export class AcsAppModule {
  static with(config: AppConfig, acs: AcsConfig, clock: Clock, logDestination?: NodeJS.WritableStream): DynamicModule {
    return {
      module: AcsAppModule,
      imports: [
        ...foundationImports(config, clock, logDestination, [{ provide: ACS_CONFIG, useValue: acs }]),
        AuditModule,
        OutboxModule,
        AcsModule,
      ],
      controllers: [AcsHealthController],
      providers: [ChallengePages, { provide: APP_FILTER, useClass: AcsExceptionFilter }],
    };
  }
}
