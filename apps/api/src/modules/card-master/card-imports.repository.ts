/**
 * The only writer of `card_imports` and `card_import_errors`: an upload's progress row, moved forward by guarded
 * UPDATEs (a row another instance declared orphaned is never written again) and the refused lines.
 */
import { Injectable } from '@nestjs/common';
import type { CardImportStatus, FieldErrorCode } from '@corpweb/shared-types';
import { execute, select, selectOne, type Executor } from '../../common/database/sql.js';

export interface ImportCounts {
  total: number;
  processed: number;
  failed: number;
}

@Injectable()
export class CardImportsRepository {
  progressOf(db: Executor, importId: number): Promise<{ status: CardImportStatus; total: number; processed: number; failed: number } | undefined> {
    return selectOne<{ status: CardImportStatus; total: number; processed: number; failed: number }>(
      db, 'SELECT status, total, processed, failed FROM card_imports WHERE id = ?', [importId],
    );
  }

  /** The first refused lines, in line order (the progress page shows at most `limit`). */
  errorsOf(db: Executor, importId: number, limit: number): Promise<{ line: number; code: FieldErrorCode }[]> {
    return select<{ line: number; code: FieldErrorCode }>(
      db,
      'SELECT line, code FROM card_import_errors WHERE import_id = ? ORDER BY line, id LIMIT ?',
      [importId, limit],
    );
  }

  /** Imports not yet ended (at boot: any whose process is gone is failed). */
  async unfinishedIds(db: Executor): Promise<number[]> {
    const rows = await select<{ id: number }>(db, `SELECT id FROM card_imports WHERE status IN ('PENDING','PROCESSING')`);
    return rows.map((row) => Number(row.id));
  }

  async createPending(db: Executor, staffId: number, now: Date): Promise<number> {
    const { insertId } = await execute(
      db, `INSERT INTO card_imports (status, total, processed, failed, created_by_staff_id, created_at) VALUES ('PENDING', 0, 0, 0, ?, ?)`, [staffId, now],
    );
    return insertId;
  }

  /** true for the one processor that takes the upload */
  async claimForProcessing(db: Executor, importId: number): Promise<boolean> {
    const { affectedRows } = await execute(db, `UPDATE card_imports SET status = 'PROCESSING' WHERE id = ? AND status = 'PENDING'`, [importId]);
    return affectedRows === 1;
  }

  async setTotal(db: Executor, importId: number, total: number): Promise<void> {
    await execute(db, 'UPDATE card_imports SET total = ? WHERE id = ?', [total, importId]);
  }

  /** A batch's progress; false when the import is no longer PROCESSING (declared orphaned): write nothing more. */
  async recordProgress(db: Executor, importId: number, processed: number, failed: number): Promise<boolean> {
    const { affectedRows } = await execute(
      db, `UPDATE card_imports SET processed = ?, failed = ? WHERE id = ? AND status = 'PROCESSING'`, [processed, failed, importId],
    );
    return affectedRows === 1;
  }

  /** Ends an unfinished import once; false when it had already ended. */
  async finish(db: Executor, importId: number, status: 'COMPLETED' | 'FAILED', counts: ImportCounts, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(
      db,
      `UPDATE card_imports SET status = ?, total = ?, processed = ?, failed = ?, finished_at = ?
        WHERE id = ? AND status IN ('PENDING','PROCESSING')`,
      [status, counts.total, counts.processed, counts.failed, now, importId],
    );
    return affectedRows === 1;
  }

  /** An import whose owner process is gone; false when it had already ended. */
  async failOrphan(db: Executor, importId: number, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(
      db, `UPDATE card_imports SET status = 'FAILED', finished_at = ? WHERE id = ? AND status IN ('PENDING','PROCESSING')`, [now, importId],
    );
    return affectedRows === 1;
  }

  async addErrors(db: Executor, importId: number, errors: { line: number; code: FieldErrorCode }[]): Promise<void> {
    if (errors.length === 0) return;
    await execute(
      db,
      `INSERT INTO card_import_errors (import_id, line, code) VALUES ${errors.map(() => '(?,?,?)').join(',')}`,
      errors.flatMap((error) => [importId, error.line, error.code]),
    );
  }
}
