import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { METRICS_PROCESS, Metrics, type MetricsProcess } from './metrics.js';
import { MetricsListener } from './metrics-listener.js';

/** Prometheus metrics of one process (`service` label: portal or acs); the entry point starts the listener. */
@Global()
@Module({})
export class MetricsModule {
  static forProcess(process: MetricsProcess): DynamicModule {
    return {
      module: MetricsModule,
      imports: [AuditModule],
      providers: [{ provide: METRICS_PROCESS, useValue: process }, Metrics, MetricsListener],
      exports: [Metrics, MetricsListener],
    };
  }
}
