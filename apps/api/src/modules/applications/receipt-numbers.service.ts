/**
 * The 受付番号 of each application (receipt-number.ts derives it): derived once, at submission, and stored with
 * the row, so that a list page reads 100 numbers instead of computing 100 HMACs (a fifth of its CPU). Rows from
 * before numbers were stored are filled here after start, in batches; until a row is filled, reads derive its
 * number, which is the same one.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { receiptKey, receiptNumber } from './receipt-number.js';
import { SignupApplicationsRepository, type ApplicationRow } from './signup-applications.repository.js';

/** a page's worth of rows a statement (test/query-plans holds every statement to that) */
const FILL_BATCH = 200;

@Injectable()
export class ReceiptNumbers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReceiptNumbers');
  private readonly key: Buffer;
  private stopping = false;
  private filling?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: SignupApplicationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = receiptKey(config.keys.otpKey);
  }

  /** The number of an application received at `receivedAt` (its day is part of the number). */
  derive(applicationId: number | string, receivedAt: Date): string {
    return receiptNumber(applicationId, receivedAt, this.key, this.config.businessTimeZone);
  }

  /** The stored number; for a row not filled yet, the same number derived. */
  of(row: Pick<ApplicationRow, 'id' | 'receipt_number'> & ({ received_at: Date } | { received_iso: string })): string {
    return row.receipt_number ?? this.derive(row.id, 'received_at' in row ? row.received_at : new Date(row.received_iso));
  }

  onApplicationBootstrap(): void {
    // in the background: a start does not wait for a large table, and reads derive what is not filled yet
    this.filling = this.fillMissing().catch((error: { code?: string }) => {
      this.logger.warn({ errorCode: error?.code }, 'receipt numbers not filled; the next start tries again');
      return 0;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.filling;
  }

  /** Stores the number of every application that has none; how many it filled. */
  async fillMissing(): Promise<number> {
    let filled = 0;
    while (!this.stopping) {
      const rows = await this.applications.withoutReceiptNumber(this.dataSource, FILL_BATCH);
      await this.applications.fillReceiptNumbers(this.dataSource, rows.map((row) => ({ id: row.id, receiptNumber: this.derive(row.id, row.received_at) })));
      filled += rows.length;
      if (rows.length < FILL_BATCH) break;
    }
    if (filled > 0) this.logger.log({ filled }, 'receipt numbers stored for applications from before they were');
    return filled;
  }
}
