/**
 * GET /health (SPEC: a database round trip), /health/live (the process answers, no database) and /health/ready
 * (readiness.service.ts), all exempt from the maintenance window. The portal serves them under /api/v1, the ACS
 * at its root.
 */
import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { HealthResponse, LivenessResponse, ReadinessResponse } from '@corpweb/shared-types';
import { Readiness } from './readiness.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: Readiness,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', db: 'up' };
    } catch {
      reply.status(503);
      return { status: 'degraded', db: 'down' };
    }
  }

  @Get('live')
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    const readiness = await this.readiness.check();
    if (readiness.status !== 'ready') reply.status(503);
    return readiness;
  }
}
