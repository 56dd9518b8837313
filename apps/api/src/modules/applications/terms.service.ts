import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TermsResponse } from '@corpweb/shared-types';
import { businessDateOf } from '../../common/clock/business-days.js';
import { Clock } from '../../common/clock/clock.js';
import { selectOne } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** The terms in force: the latest version whose effective date has come in the business time zone (TZ_BUSINESS). */
@Injectable()
export class TermsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async current(): Promise<TermsResponse> {
    // effective_date is a calendar day in Japan: at 00:30 JST the new day's terms apply, not at 09:00
    const today = businessDateOf(this.clock.now(), this.config.businessTimeZone);
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
