/**
 * Sign-up: records the application with the consent evidence (terms version, time, IP,
 * user agent) and queues the 受付メール in one transaction. One live application per corporate number is
 * enforced by a unique key, so concurrent duplicates get 409 too.
 * The 受付メール goes to an address nobody has verified yet, so it carries nothing the applicant typed (no company
 * or person name: it would make the portal a relay for phishing text), only the reference number and fixed
 * wording. Sign-ups are limited per source IP, per email address and per corporate number (429).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normalizeJapanesePhone, normalizePostalCode, type SignupApplicationResponse } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { isDuplicateKey } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { Emails, businessTime } from '../notifications/messages.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { SignupApplicationDto } from './dto/signup-application.dto.js';
import { ReceiptNumbers } from './receipt-numbers.service.js';
import { SignupApplicationsRepository } from './signup-applications.repository.js';
import { TermsService } from './terms.service.js';

@Injectable()
export class SubmitApplicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terms: TermsService,
    private readonly applications: SignupApplicationsRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    private readonly receipts: ReceiptNumbers,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async submit(input: SignupApplicationDto, meta: RequestMeta): Promise<SignupApplicationResponse> {
    if (input.agreedToTerms !== true) throw new AppException('TERMS_NOT_AGREED', [{ field: 'agreedToTerms', code: 'REQUIRED' }]);
    const current = await this.terms.current();
    if (input.termsVersion !== current.version) throw new AppException('TERMS_VERSION_STALE', [{ field: 'termsVersion', code: 'TERMS_VERSION_STALE' }]);
    const { company, administrator: admin } = input;
    await this.rateLimits.take([
      ['signupsPerIp', meta.ip], ['signupsPerEmail', admin.email.trim().toLowerCase()], ['signupsPerCorporateNumber', company.corporateNumber],
    ]);
    const now = this.clock.now();
    try {
      return await this.dataSource.transaction(async (manager) => {
        const insertId = await this.applications.insertReceived(manager, {
          corporateNumber: company.corporateNumber, companyName: company.name.trim(), companyNameKana: company.nameKana.trim(),
          postalCode: normalizePostalCode(company.postalCode), address: company.address.trim(), companyPhone: normalizeJapanesePhone(company.phone),
          adminName: admin.name.trim(), adminNameKana: admin.nameKana.trim(), adminDepartment: admin.department.trim(), adminEmail: admin.email.trim(),
          adminPhone: normalizeJapanesePhone(admin.phone), termsVersion: current.version, consentIp: meta.ip, consentUserAgent: meta.userAgent,
        }, now);
        const applicationId = String(insertId);
        const receipt = this.receipts.derive(insertId, now);
        await this.applications.setReceiptNumber(manager, insertId, receipt);
        // the 受付メール's 受付番号 is the formatted receipt number, not the row id
        await this.outbox.email(manager, admin.email.trim(), 'application-received', Emails.applicationReceived({
          applicationId: receipt, receivedAt: businessTime(now, this.config.businessTimeZone),
        }));
        await this.audit.append(manager, {
          actorType: 'ANONYMOUS', action: 'APPLICATION_SUBMITTED', targetType: 'APPLICATION', targetId: applicationId, meta,
          detail: { corporateNumber: company.corporateNumber, termsVersion: current.version },
        });
        return { applicationId, status: 'RECEIVED' as const, receivedAt: now.toISOString(), receiptNumber: receipt };
      });
    } catch (error) {
      if (isDuplicateKey(error, 'uq_application_active_corporate_number')) throw new AppException('APPLICATION_EXISTS');
      throw error;
    }
  }
}
