/**
 * Fraud-detection data sharing: a company may opt out of sharing transaction and device data with the external
 * fraud-detection provider; the risk engine then uses local rules only.
 */
import { Body, Controller, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsDefined } from 'class-validator';
import type { FraudDataSharingRequest, FraudDataSharingResponse } from '@corpweb/shared-types';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { CurrentSession, MemberOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { CompanyService } from './company.service.js';

class FraudDataSharingDto implements FraudDataSharingRequest {
  @ApiProperty() @IsDefined() @IsBoolean() enabled: boolean;
}

@ApiTags('member company')
@Controller('company')
export class CompanyController {
  constructor(private readonly company: CompanyService) {}

  @Put('fraud-data-sharing')
  @MemberOnly()
  async setFraudDataSharing(@Body() body: FraudDataSharingDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<FraudDataSharingResponse> {
    await this.company.setFraudDataSharing(session.principalId, body.enabled, meta);
    return { enabled: body.enabled };
  }
}
