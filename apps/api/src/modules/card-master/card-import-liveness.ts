/**
 * Who is still working on an import. Each running (or queued) import holds a MariaDB named lock on one
 * connection of the process that owns it; the server releases the lock when that connection dies. A booting
 * instance can therefore fail exactly the imports whose owner crashed — not the ones another live instance
 * (or another test app on the same database) is still processing — without a heartbeat column.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { parseDatabaseUrl } from '../../database/connection-options.js';

@Injectable()
export class CardImportLiveness {
  private readonly logger = new Logger('CardImportLiveness');
  /** named locks are server-wide: the database name keeps two schemas on one server apart (≤ 64 chars) */
  private readonly prefix: string;
  private holder?: Promise<QueryRunner>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const database = parseDatabaseUrl(config.databaseUrl).database;
    this.prefix = `corpweb_card_import_${createHash('sha256').update(database).digest('hex').slice(0, 16)}_`;
  }

  /** Marks this process as the owner of the import until `release`. */
  async hold(importId: number): Promise<void> {
    let row: { got: number | null } | undefined;
    try {
      [row] = (await (await this.runner()).query('SELECT GET_LOCK(?, 0) AS got', [this.name(importId)])) as typeof row[];
    } catch {
      // the lock connection was lost (database restart): start a new one, once
      await this.close();
      [row] = (await (await this.runner()).query('SELECT GET_LOCK(?, 0) AS got', [this.name(importId)])) as typeof row[];
    }
    if (Number(row?.got) !== 1) throw new Error('could not take the import lock');
  }

  async release(importId: number): Promise<void> {
    try {
      const runner = await this.runner();
      await runner.query('DO RELEASE_LOCK(?)', [this.name(importId)]);
    } catch (error) {
      // the lock dies with its connection anyway
      this.logger.warn({ importId, errorCode: (error as { code?: string })?.code }, 'could not release the import lock');
    }
  }

  /**
   * Runs `whenOrphaned` for an import whose owner is gone, while holding its lock so that no other booting
   * instance does the same at the same time.
   */
  async claimIfOrphaned(importId: number, whenOrphaned: () => Promise<void>): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const [row] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [this.name(importId)])) as { got: number | null }[];
      if (Number(row?.got) !== 1) return false;
      try {
        await whenOrphaned();
      } finally {
        await runner.query('DO RELEASE_LOCK(?)', [this.name(importId)]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }

  async close(): Promise<void> {
    const holder = this.holder;
    this.holder = undefined;
    const runner = holder ? await holder.catch(() => undefined) : undefined;
    await runner?.release().catch(() => undefined);
  }

  private name(importId: number): string {
    return `${this.prefix}${importId}`;
  }

  /** One dedicated connection per process carries all of its import locks. */
  private async runner(): Promise<QueryRunner> {
    if (this.holder) {
      const runner = await this.holder.catch(() => undefined);
      if (runner && !runner.isReleased) return runner;
    }
    this.holder = (async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      return runner;
    })();
    return this.holder;
  }
}
