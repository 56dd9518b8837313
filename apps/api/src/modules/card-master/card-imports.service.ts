/**
 * Card-master uploads: the CSV is streamed into a sealed temporary file (never buffered whole, never
 * on disk in clear, at most Limits.cardImportMaxBytes), the import row is created, and the caller gets 202 while
 * the processor works through the file in this process — one import at a time, so a large upload cannot starve
 * the API of database connections. An import whose process died is failed at the next startup.
 */
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Limits, type CardImportAccepted, type CardImportProgress } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import { CardImportLiveness } from './card-import-liveness.js';
import { CardImportProcessor, type CardImportJob } from './card-import.processor.js';
import { SealedSpool, SpoolLimitExceeded } from './sealed-spool.js';
import { CardImportsRepository } from './card-imports.repository.js';

export const IMPORT_ERRORS_SHOWN = 1000;
const SPOOL_SWEEP_AGE_MS = 24 * 60 * 60 * 1000;
/** uploads being stored, waiting or running in this process */
const MAX_OPEN_IMPORTS = 5;

@Injectable()
export class CardImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CardImports');
  private readonly shutdown = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private open = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly processor: CardImportProcessor,
    private readonly liveness: CardImportLiveness,
    private readonly audit: AuditService,
    private readonly imports: CardImportsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async accept(body: unknown, contentLength: string | undefined, staffId: number, meta: RequestMeta): Promise<CardImportAccepted> {
    if (!(body instanceof Readable)) throw new AppException('MALFORMED_REQUEST');
    if (this.shutdown.signal.aborted) throw new AppException('SERVICE_UNAVAILABLE', undefined, { 'retry-after': '5' });
    // close the connection rather than read an upload we are going to refuse
    const tooLarge = () => new AppException('PAYLOAD_TOO_LARGE', undefined, { connection: 'close' });
    if (contentLength !== undefined && Number(contentLength) > Limits.cardImportMaxBytes) throw tooLarge();
    // every waiting import keeps a sealed file on disk: bound how many may wait
    if (this.open >= MAX_OPEN_IMPORTS) throw new AppException('RATE_LIMITED', undefined, { 'retry-after': '30', connection: 'close' });
    this.open += 1;
    let job: CardImportJob;
    try {
      job = await this.store(body, staffId, meta, tooLarge);
    } catch (error) {
      this.open -= 1;
      throw error;
    }
    this.enqueue(job);
    return { importId: String(job.importId) };
  }

  private async store(body: Readable, staffId: number, meta: RequestMeta, tooLarge: () => AppException): Promise<CardImportJob> {
    let spool: SealedSpool;
    try {
      spool = await SealedSpool.write(body.iterator({ destroyOnReturn: false }), Limits.cardImportMaxBytes);
    } catch (error) {
      if (error instanceof SpoolLimitExceeded) throw tooLarge();
      // the client went away mid-upload
      const code = (error as { code?: string })?.code;
      if (body.errored || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') throw new AppException('MALFORMED_REQUEST');
      throw error;
    }

    let held: number | undefined;
    try {
      const importId = await this.dataSource.transaction(async (manager) => {
        const insertId = await this.imports.createPending(manager, staffId, this.clock.now());
        // owned before the row is visible to anyone, so no booting instance can take it for orphaned
        await this.liveness.hold(insertId);
        held = insertId;
        await this.audit.append(manager, {
          actorType: 'STAFF', actorId: staffId, action: 'CARD_IMPORT_STARTED', targetType: 'CARD_IMPORT', targetId: insertId, meta,
          detail: { bytes: spool.bytes },
        });
        return insertId;
      });
      return { importId, spool, staffId, meta };
    } catch (error) {
      if (held !== undefined) await this.liveness.release(held);
      await spool.discard();
      throw error;
    }
  }

  async progress(importId: number): Promise<CardImportProgress> {
    const row = await this.imports.progressOf(this.dataSource, importId);
    if (!row) throw new AppException('IMPORT_NOT_FOUND');
    const errors = await this.imports.errorsOf(this.dataSource, importId, IMPORT_ERRORS_SHOWN);
    return {
      status: row.status,
      total: Number(row.total),
      processed: Number(row.processed),
      failed: Number(row.failed),
      errors: errors.map((error) => ({ line: Number(error.line), code: error.code })),
    };
  }

  /** Resolves when every import accepted so far has finished (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const swept = await SealedSpool.sweep(SPOOL_SWEEP_AGE_MS, this.clock.now());
      if (swept > 0) this.logger.warn({ swept }, 'removed sealed upload files left by a stopped process');
      for (const id of await this.imports.unfinishedIds(this.dataSource)) {
        const failed = await this.liveness.claimIfOrphaned(id, () => this.processor.failOrphan(id));
        if (failed) this.logger.warn({ importId: id }, 'card import left unfinished by a stopped process marked FAILED');
      }
    } catch (error) {
      // a database hiccup at boot must not keep the API down; the next start retries
      this.logger.error({ errorCode: (error as { code?: string })?.code }, 'could not check for unfinished card imports');
    }
  }

  /** Stops between batches; the running and queued imports end FAILED (their sealed files cannot outlive us). */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.queue;
    await this.liveness.close();
  }

  private enqueue(job: CardImportJob): void {
    this.queue = this.queue.then(async () => {
      try {
        await this.processor.run(job, this.shutdown.signal);
      } finally {
        await job.spool.discard().catch(() => undefined);
        await this.liveness.release(job.importId);
        this.open -= 1;
      }
    });
  }
}
