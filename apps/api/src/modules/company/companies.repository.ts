/** The only writer of `companies`: created (or refreshed) when an application is approved; the opt-out flag. */
import { Injectable } from '@nestjs/common';
import { execute, select, selectOne, type Executor } from '../../common/database/sql.js';

export interface NewCompany {
  corporateNumber: string;
  name: string;
  nameKana: string;
}

@Injectable()
export class CompaniesRepository {
  /** Creates the company, or refreshes its names when the corporate number is already known; returns its id. */
  async upsertByCorporateNumber(db: Executor, company: NewCompany, now: Date): Promise<number> {
    const { insertId } = await execute(
      db,
      `INSERT INTO companies (corporate_number, name, name_kana, fraud_data_sharing, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)
         ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), name = VALUES(name), name_kana = VALUES(name_kana), updated_at = VALUES(updated_at)`,
      [company.corporateNumber, company.name, company.nameKana, now, now],
    );
    return insertId;
  }

  async idByCorporateNumber(db: Executor, corporateNumber: string): Promise<number | undefined> {
    const row = await selectOne<{ id: number }>(db, 'SELECT id FROM companies WHERE corporate_number = ?', [corporateNumber]);
    return row ? Number(row.id) : undefined;
  }

  /** corporate number → company id, for the numbers known (an import resolves a batch's companies at once). */
  async idsByCorporateNumber(db: Executor, corporateNumbers: string[]): Promise<Map<string, number>> {
    const rows = await select<{ id: number; corporate_number: string }>(
      db,
      `SELECT id, corporate_number FROM companies WHERE corporate_number IN (${corporateNumbers.map(() => '?').join(',')})`,
      corporateNumbers,
    );
    return new Map(rows.map((row) => [row.corporate_number, Number(row.id)]));
  }

  async setFraudDataSharingOfMembersCompany(db: Executor, memberId: number, enabled: boolean, now: Date): Promise<void> {
    await execute(
      db,
      'UPDATE companies c JOIN members m ON m.company_id = c.id SET c.fraud_data_sharing = ?, c.updated_at = ? WHERE m.id = ?',
      [enabled ? 1 : 0, now, memberId],
    );
  }
}
