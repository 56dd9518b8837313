import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TermsResponse } from '@corpweb/shared-types';
import { businessDateOf } from '../../common/clock/business-days.js';
import { Clock } from '../../common/clock/clock.js';
import { AppException } from '../../common/errors/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TermsVersionsRepository } from './terms-versions.repository.js';

/** The terms in force: the latest version whose effective date has come in the business time zone (TZ_BUSINESS). */
@Injectable()
export class TermsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terms: TermsVersionsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async current(): Promise<TermsResponse> {
    // effective_date is a calendar day in Japan: at 00:30 JST the new day's terms apply, not at 09:00
    const today = businessDateOf(this.clock.now(), this.config.businessTimeZone);
    const row = await this.terms.inForceOn(this.dataSource, today);
    if (!row) throw new AppException('NOT_FOUND');
    return { version: row.version, title: row.title, body: row.body, effectiveDate: row.effective };
  }
}
