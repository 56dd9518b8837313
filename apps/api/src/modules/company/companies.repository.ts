/** The only writer of `companies`: created (or refreshed) when an application is approved; the opt-out flag. */
import { Injectable } from '@nestjs/common';
import { execute, type Executor } from '../../common/database/sql.js';

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

  async setFraudDataSharingOfMembersCompany(db: Executor, memberId: number, enabled: boolean, now: Date): Promise<void> {
    await execute(
      db,
      'UPDATE companies c JOIN members m ON m.company_id = c.id SET c.fraud_data_sharing = ?, c.updated_at = ? WHERE m.id = ?',
      [enabled ? 1 : 0, now, memberId],
    );
  }
}
