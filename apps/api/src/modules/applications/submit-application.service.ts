/**
 * Sign-up (SPEC §1 step 1): records the application with the consent evidence (terms version, time, IP,
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
import { execute, isDuplicateKey } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { Emails, formatJst } from '../notifications/messages.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { SignupApplicationDto } from './dto/signup-application.dto.js';
import { receiptKey, receiptNumber } from './receipt-number.js';
import { TermsService } from './terms.service.js';

@Injectable()
export class SubmitApplicationService {
  private readonly receiptKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly terms: TermsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.receiptKey = receiptKey(config.keys.otpKey);
  }

  async submit(input: SignupApplicationDto, meta: RequestMeta): Promise<SignupApplicationResponse> {
    if (input.agreedToTerms !== true) throw new AppException('TERMS_NOT_AGREED', [{ field: 'agreedToTerms', code: 'REQUIRED' }]);
    const current = await this.terms.current();
    if (input.termsVersion !== current.version) throw new AppException('TERMS_VERSION_STALE', [{ field: 'termsVersion', code: 'INVALID_FORMAT' }]);
    const { company, administrator: admin } = input;
    await this.rateLimits.take([
      ['signupsPerIp', meta.ip], ['signupsPerEmail', admin.email.trim().toLowerCase()], ['signupsPerCorporateNumber', company.corporateNumber],
    ]);
    const now = this.clock.now();
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { insertId } = await execute(
          manager,
          `INSERT INTO signup_applications (status, corporate_number, active_corporate_number, company_name, company_name_kana,
             postal_code, address, company_phone, admin_name, admin_name_kana, admin_department, admin_email, admin_phone,
             terms_version, consent_at, consent_ip, consent_user_agent, received_at)
           VALUES ('RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [company.corporateNumber, company.corporateNumber, company.name.trim(), company.nameKana.trim(),
            normalizePostalCode(company.postalCode), company.address.trim(), normalizeJapanesePhone(company.phone),
            admin.name.trim(), admin.nameKana.trim(), admin.department.trim(), admin.email.trim(),
            normalizeJapanesePhone(admin.phone), current.version, now, meta.ip, meta.userAgent, now],
        );
        const applicationId = String(insertId);
        const receipt = receiptNumber(applicationId, now, this.receiptKey, this.config.businessTimeZone);
        // the 受付メール's 受付番号 is the formatted receipt number, not the row id
        await this.outbox.email(manager, admin.email.trim(), 'application-received', Emails.applicationReceived({
          applicationId: receipt, receivedAt: formatJst(now),
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
