/**
 * Turns a sealed upload into card rows. Two streaming passes over the sealed file, so
 * memory stays flat whatever the file size:
 *  1. structure: header and CSV syntax. A malformed file is refused whole (FAILED, one error at its line)
 *     before any card is written, and the pass yields the exact `total`.
 *  2. import: lines are checked and grouped into batches of BATCH_LINES; per batch one company lookup, one
 *     fingerprint lookup, one multi-row INSERT of cards (PAN encrypted, PIN only as HMAC), one INSERT of the
 *     line errors and the progress update — one transaction, no per-row round trips.
 * A card already in the database, or earlier in the same file, is DUPLICATE_CARD; a concurrent insert of the
 * same card by someone else is caught by the unique fingerprint key and the batch is re-checked.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CsvError, parse, type Info } from 'csv-parse';
import { pipeline } from 'node:stream/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { FieldErrorCodes, type FieldErrorCode } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { isDuplicateKey } from '../../common/database/sql.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { CompaniesRepository } from '../company/companies.repository.js';
import { checkCardImportLine, expiryCheckAt, isCardImportHeader, type CardImportLine } from './card-import-line.js';
import type { SealedSpool } from './sealed-spool.js';
import { CardImportsRepository } from './card-imports.repository.js';
import { CardMasterRepository, type NewCard } from './card-master.repository.js';

export const BATCH_LINES = 500;
const MAX_RECORD_BYTES = 4096;
const COMPANY_CACHE_MAX = 20_000;
const BATCH_ATTEMPTS = 3;

export interface CardImportJob {
  importId: number;
  spool: SealedSpool;
  staffId: number;
  meta: RequestMeta;
}

interface ParsedRecord {
  record: string[];
  info: Info;
}

interface LineOutcome {
  line: number;
  value?: CardImportLine;
  /** every reason the line was refused for; empty or absent when it was imported */
  codes?: FieldErrorCode[];
}

interface Candidate {
  outcome: LineOutcome;
  /** fingerprint in base64, for set lookups */
  key: string;
  fingerprint: Buffer;
  /** the cards row: PAN encrypted, PIN as HMAC */
  card: NewCard;
}

interface PreparedBatch {
  batch: LineOutcome[];
  candidates: Candidate[];
  /** when the batch was read: the cards' created_at */
  preparedAt: Date;
}

interface Counts {
  total: number;
  processed: number;
  failed: number;
}

type FailureReason = 'HEADER_INVALID' | 'MALFORMED_CSV' | 'SHUTDOWN' | 'ERROR';

class ImportStopped extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason);
  }
}

function csvParser(onRecord?: (line: number) => void) {
  // relax_quotes: a stray quote inside an unquoted field is data, not a reason to refuse the file
  return parse({
    bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES,
    ...(onRecord ? { on_record: (record: string[], context: Info) => { onRecord(context.lines); return record; } } : {}),
  });
}

@Injectable()
export class CardImportProcessor {
  private readonly logger = new Logger('CardImport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly cardCrypto: CardCrypto,
    private readonly audit: AuditService,
    private readonly imports: CardImportsRepository,
    private readonly cards: CardMasterRepository,
    private readonly companies: CompaniesRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Never throws: every outcome ends as COMPLETED or FAILED with its audit event. */
  async run(job: CardImportJob, signal: AbortSignal): Promise<void> {
    const counts: Counts = { total: 0, processed: 0, failed: 0 };
    try {
      if (signal.aborted) throw new ImportStopped('SHUTDOWN');
      if (!(await this.imports.claimForProcessing(this.dataSource, job.importId))) return;

      const structure = await this.checkStructure(job.spool, signal);
      if (!structure.ok) {
        await this.finish(job, 'FAILED', counts, structure.reason, { line: structure.line, code: structure.code });
        return;
      }
      counts.total = structure.total;
      await this.imports.setTotal(this.dataSource, job.importId, counts.total);

      await this.importLines(job, counts, signal);
      await this.finish(job, 'COMPLETED', counts);
      this.logger.log({ importId: job.importId, ...counts }, 'card import completed');
    } catch (error) {
      const reason = error instanceof ImportStopped ? error.reason : signal.aborted ? 'SHUTDOWN' : 'ERROR';
      // name and code only: driver messages can echo SQL parameters, and those hold card data
      const err = error as { name?: string; code?: string };
      this.logger.error({ importId: job.importId, reason, errorName: err?.name, errorCode: err?.code }, 'card import failed');
      await this.finish(job, 'FAILED', counts, reason).catch((finishError: { code?: string }) =>
        this.logger.error({ importId: job.importId, errorCode: finishError?.code }, 'could not mark the card import failed'));
    }
  }

  /** For an import whose owner process is gone (see CardImportLiveness). */
  async failOrphan(importId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.imports.failOrphan(manager, importId, this.clock.now()))) return;
      await this.audit.append(manager, {
        actorType: 'SYSTEM', action: 'CARD_IMPORT_FAILED', targetType: 'CARD_IMPORT', targetId: importId, detail: { reason: 'ORPHANED' },
      });
    });
  }

  private async checkStructure(spool: SealedSpool, signal: AbortSignal): Promise<{ ok: true; total: number } | { ok: false; line: number; code: FieldErrorCode; reason: FailureReason }> {
    let total = 0;
    let headerSeen = false;
    let headerLine = 1;
    let headerInvalid = false;
    // csv-parse's own error line is unreliable (an unclosed quote reports the end of the file), so the
    // error is placed on the line after the last well-formed record, where the broken one starts
    let lastGoodLine = 0;
    try {
      await pipeline(spool.open(), csvParser((line) => { lastGoodLine = line; }), async (records: AsyncIterable<ParsedRecord>) => {
        for await (const { record, info } of records) {
          if (!headerSeen) {
            headerLine = info.lines;
            // flagged, not only thrown: stopping the pipeline early may reject with a premature-close error instead
            headerInvalid = !isCardImportHeader(record);
            if (headerInvalid) throw new ImportStopped('HEADER_INVALID');
            headerSeen = true;
          } else {
            total += 1;
            if (total % 10_000 === 0 && signal.aborted) throw new ImportStopped('SHUTDOWN');
          }
        }
      });
    } catch (error) {
      if (headerInvalid) return { ok: false, line: headerLine, code: FieldErrorCodes.HEADER_INVALID, reason: 'HEADER_INVALID' };
      if (signal.aborted) throw new ImportStopped('SHUTDOWN');
      if (error instanceof CsvError) return { ok: false, line: lastGoodLine + 1, code: FieldErrorCodes.INVALID_FORMAT, reason: 'MALFORMED_CSV' };
      throw error;
    }
    if (!headerSeen) return { ok: false, line: 1, code: FieldErrorCodes.HEADER_INVALID, reason: 'HEADER_INVALID' };
    return { ok: true, total };
  }

  /**
   * Parsing and encrypting batch N+1 overlaps with writing batch N; writes stay strictly sequential, so each
   * batch's duplicate check sees every card committed before it. At most two batches are in memory.
   */
  private async importLines(job: CardImportJob, counts: Counts, signal: AbortSignal): Promise<void> {
    const expired = expiryCheckAt(this.clock.now(), this.config.businessTimeZone);
    const companies = new Map<string, number | null>();
    let batch: LineOutcome[] = [];
    let headerSkipped = false;
    let writing: Promise<void> = Promise.resolve();
    const submit = async (lines: LineOutcome[]) => {
      const prepared = await this.prepare(lines, companies);
      await writing;
      writing = this.write(job.importId, prepared, counts);
      // observed here, rethrown where it is awaited next
      writing.catch(() => undefined);
    };
    try {
      await pipeline(job.spool.open(), csvParser(), async (records: AsyncIterable<ParsedRecord>) => {
        for await (const { record, info } of records) {
          if (!headerSkipped) {
            headerSkipped = true;
            continue;
          }
          const check = checkCardImportLine(record, expired);
          batch.push(check.ok ? { line: info.lines, value: check.value } : { line: info.lines, codes: check.codes });
          if (batch.length >= BATCH_LINES) {
            if (signal.aborted) throw new ImportStopped('SHUTDOWN');
            await submit(batch);
            batch = [];
          }
        }
      });
      if (batch.length > 0) await submit(batch);
    } finally {
      // never leave a write running behind the caller's back
      await writing.catch(() => undefined);
    }
    await writing;
  }

  /** Company, in-batch duplicate and crypto work for one batch; no card data outlives this call except as ciphertext and HMACs. */
  private async prepare(batch: LineOutcome[], companies: Map<string, number | null>): Promise<PreparedBatch> {
    await this.resolveCompanies(batch, companies);
    const now = this.clock.now();
    const seen = new Set<string>();
    const candidates: Candidate[] = [];
    for (const outcome of batch) {
      const value = outcome.value;
      if (!value) continue;
      const companyId = companies.get(value.corporateNumber);
      if (!companyId) {
        outcome.codes = [FieldErrorCodes.COMPANY_NOT_FOUND];
        continue;
      }
      const fingerprint = this.cardCrypto.fingerprint(value.pan);
      const key = fingerprint.toString('base64');
      if (seen.has(key)) {
        outcome.codes = [FieldErrorCodes.DUPLICATE_CARD];
        continue;
      }
      seen.add(key);
      const pan = this.cardCrypto.encryptPan(value.pan);
      candidates.push({
        outcome,
        key,
        fingerprint,
        card: {
          companyId, panCiphertext: pan.ciphertext, panKeyId: pan.keyId, fingerprint, first4: value.pan.slice(0, 4), last4: value.pan.slice(-4),
          expiryYymm: value.expiryYymm, holderName: value.holderName, pinHash: this.cardCrypto.pinHash(value.pan, value.pin),
        },
      });
    }
    for (const outcome of batch) delete outcome.value;
    return { batch, candidates, preparedAt: now };
  }

  private async write(importId: number, prepared: PreparedBatch, counts: Counts): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const failed = await this.dataSource.transaction((manager) => this.writeBatch(manager, importId, prepared, counts));
        counts.processed += prepared.batch.length;
        counts.failed += failed;
        return;
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (error as { code?: string })?.code;
        // someone else inserted one of these cards meanwhile: the next attempt's lookup reports it as DUPLICATE_CARD
        const retryable = isDuplicateKey(error, 'uq_card_fingerprint') || code === 'ER_LOCK_DEADLOCK';
        if (!retryable || attempt >= BATCH_ATTEMPTS) throw error;
      }
    }
  }

  /** One batch in one transaction; returns the number of failed lines. */
  private async writeBatch(manager: EntityManager, importId: number, { batch, candidates, preparedAt }: PreparedBatch, counts: Counts): Promise<number> {
    const existing = new Set<string>();
    if (candidates.length > 0) {
      const known = await this.cards.knownFingerprints(manager, candidates.map((candidate) => candidate.fingerprint));
      for (const fingerprint of known) existing.add(fingerprint.toString('base64'));
    }
    const duplicates = new Set<LineOutcome>();
    const inserts = candidates.filter((candidate) => {
      const known = existing.has(candidate.key);
      if (known) duplicates.add(candidate.outcome);
      return !known;
    });
    await this.cards.insertMany(manager, inserts.map((candidate) => candidate.card), preparedAt);
    const refused = batch.filter((outcome) => outcome.codes?.length || duplicates.has(outcome));
    const errors = refused.flatMap((outcome) =>
      (outcome.codes?.length ? outcome.codes : [FieldErrorCodes.DUPLICATE_CARD]).map((code) => ({ line: outcome.line, code })),
    );
    await this.imports.addErrors(manager, importId, errors);
    const recorded = await this.imports.recordProgress(manager, importId, counts.processed + batch.length, counts.failed + refused.length);
    // another instance declared this import orphaned: write nothing more
    if (!recorded) throw new ImportStopped('ERROR');
    return refused.length;
  }

  private async resolveCompanies(batch: LineOutcome[], companies: Map<string, number | null>): Promise<void> {
    const unknown = [...new Set(batch.flatMap((outcome) => (outcome.value && !companies.has(outcome.value.corporateNumber) ? [outcome.value.corporateNumber] : [])))];
    if (unknown.length === 0) return;
    if (companies.size + unknown.length > COMPANY_CACHE_MAX) companies.clear();
    const found = await this.companies.idsByCorporateNumber(this.dataSource, unknown);
    for (const number of unknown) companies.set(number, null);
    for (const [number, id] of found) companies.set(number, id);
  }

  private async finish(job: CardImportJob, status: 'COMPLETED' | 'FAILED', counts: Counts, reason?: FailureReason, error?: { line: number; code: FieldErrorCode }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.imports.finish(manager, job.importId, status, counts, this.clock.now()))) return;
      if (error) await this.imports.addErrors(manager, job.importId, [error]);
      await this.audit.append(manager, {
        actorType: 'STAFF', actorId: job.staffId, meta: job.meta,
        action: status === 'COMPLETED' ? 'CARD_IMPORT_COMPLETED' : 'CARD_IMPORT_FAILED',
        targetType: 'CARD_IMPORT', targetId: job.importId,
        detail: { total: counts.total, imported: counts.processed - counts.failed, failed: counts.failed, ...(reason ? { reason } : {}) },
      });
    });
  }
}
