/**
 * Fraud-detection data sharing (SPEC §2): a company may opt out of sharing transaction and device data with
 * the external fraud-detection provider; the risk engine then uses local rules only.
 */
import { Body, Controller, Inject, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsDefined } from 'class-validator';
import { DataSource } from 'typeorm';
import type { FraudDataSharingRequest, FraudDataSharingResponse } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { execute } from '../../common/database/sql.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import { CurrentSession, MemberOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';

class FraudDataSharingDto implements FraudDataSharingRequest {
  @ApiProperty() @IsDefined() @IsBoolean() enabled: boolean;
}

@ApiTags('member company')
@Controller('company')
export class CompanyController {
  constructor(private readonly dataSource: DataSource, private readonly audit: AuditService, @Inject(Clock) private readonly clock: Clock) {}

  @Put('fraud-data-sharing')
  @MemberOnly()
  async setFraudDataSharing(@Body() body: FraudDataSharingDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<FraudDataSharingResponse> {
    await this.dataSource.transaction(async (manager) => {
      await execute(
        manager,
        'UPDATE companies c JOIN members m ON m.company_id = c.id SET c.fraud_data_sharing = ?, c.updated_at = ? WHERE m.id = ?',
        [body.enabled ? 1 : 0, this.clock.now(), session.principalId],
      );
      await this.audit.append(manager, {
        actorType: 'MEMBER', actorId: session.principalId, action: 'FRAUD_DATA_SHARING_CHANGED', meta, detail: { enabled: body.enabled },
      });
    });
    return { enabled: body.enabled };
  }
}
