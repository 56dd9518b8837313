import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TermsResponse } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { selectOne } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';

/** The terms in force: the latest version whose effective date has come. */
@Injectable()
export class TermsService {
  constructor(private readonly dataSource: DataSource, @Inject(Clock) private readonly clock: Clock) {}

  async current(): Promise<TermsResponse> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const row = await selectOne<{ version: string; title: string; body: string; effective: string }>(
      this.dataSource,
      `SELECT version, title, body, DATE_FORMAT(effective_date, '%Y-%m-%d') AS effective FROM terms_versions
        WHERE effective_date <= ? ORDER BY effective_date DESC, id DESC LIMIT 1`,
      [today],
    );
    if (!row) throw new AppException('NOT_FOUND');
    return { version: row.version, title: row.title, body: row.body, effectiveDate: row.effective };
  }
}
