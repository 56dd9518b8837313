/**
 * Readiness for the load balancer: this instance should get traffic when its database answers, the schema has
 * every migration this build knows, its background workers are beating, and it is not draining for shutdown.
 * Liveness is the process answering at all (no database): a load balancer routes on readiness, a supervisor
 * restarts on liveness, so a database outage does not restart every instance at once.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { ReadinessResponse } from '@corpweb/shared-types';
import { select } from '../../common/database/sql.js';
import { migrations } from '../../database/migrations/index.js';
import { WorkerHeartbeats } from './worker-heartbeats.js';

const KNOWN_MIGRATIONS = migrations.map((migration) => migration.name);
/** a database that does not answer within this counts as down (a load balancer's check times out soon after) */
const DATABASE_CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class Readiness {
  private draining = false;
  /** migrations are never un-applied: once current, the check stops reading schema_migrations */
  private migrationsCurrent = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly heartbeats: WorkerHeartbeats,
  ) {}

  /** SIGTERM: from now on readiness answers 503 while in-flight and new requests are still served. */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async check(): Promise<ReadinessResponse> {
    let db: ReadinessResponse['db'] = 'up';
    let schema: ReadinessResponse['migrations'] = 'unknown';
    try {
      schema = (await withTimeout(this.migrationsAreCurrent(), DATABASE_CHECK_TIMEOUT_MS)) ? 'current' : 'pending';
    } catch {
      db = 'down';
    }
    const workers = this.heartbeats.states();
    const ready = !this.draining && db === 'up' && schema === 'current' && Object.values(workers).every((state) => state === 'alive');
    return { status: ready ? 'ready' : this.draining ? 'draining' : 'not-ready', db, migrations: schema, workers };
  }

  private async migrationsAreCurrent(): Promise<boolean> {
    if (this.migrationsCurrent) {
      await this.dataSource.query('SELECT 1');
      return true;
    }
    const applied = new Set((await select<{ name: string }>(this.dataSource, 'SELECT name FROM schema_migrations')).map((row) => row.name));
    this.migrationsCurrent = KNOWN_MIGRATIONS.every((name) => applied.has(name));
    return this.migrationsCurrent;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('database check timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** While draining, answers carry `Connection: close`, so keep-alive clients reconnect to an instance that stays. */
export function closeConnectionsWhileDraining(fastify: FastifyInstance, readiness: Readiness): void {
  fastify.addHook('onRequest', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (readiness.isDraining) reply.header('connection', 'close');
    done();
  });
}
