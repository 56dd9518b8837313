import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { Readiness } from './readiness.service.js';
import { WorkerHeartbeats } from './worker-heartbeats.js';

/** Health endpoints for both processes; the workers report their heartbeats to WorkerHeartbeats. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [Readiness, WorkerHeartbeats],
  exports: [Readiness, WorkerHeartbeats],
})
export class HealthModule {}
