import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import { CompaniesRepository } from './companies.repository.js';

@Injectable()
export class CompanyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly companies: CompaniesRepository,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The member's own company opts in or out of sharing data with the fraud-detection provider; audited. */
  async setFraudDataSharing(memberId: number, enabled: boolean, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.companies.setFraudDataSharingOfMembersCompany(manager, memberId, enabled, this.clock.now());
      await this.audit.append(manager, { actorType: 'MEMBER', actorId: memberId, action: 'FRAUD_DATA_SHARING_CHANGED', meta, detail: { enabled } });
    });
  }
}
