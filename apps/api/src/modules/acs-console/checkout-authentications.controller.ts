/** Member: the company's recent checkout authentications, for the dashboard (all cards, or one card). */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AcsConsoleLimits, type CheckoutAuthenticationsResponse } from '@corpweb/shared-types';
import { IdParam } from '../../common/http/id-param.js';
import { CurrentSession, MemberOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { CheckoutAuthenticationsService } from './checkout-authentications.service.js';
import { CheckoutAuthenticationsQueryDto } from './dto/acs-console.dto.js';
import { CompressedResponse } from '../../common/http/compressed-response.js';

@ApiTags('member cards')
@Controller()
export class CheckoutAuthenticationsController {
  constructor(private readonly authentications: CheckoutAuthenticationsService) {}

  @Get('checkout-authentications')
  @CompressedResponse()
  @MemberOnly()
  company(@Query() query: CheckoutAuthenticationsQueryDto, @CurrentSession() session: SessionContext): Promise<CheckoutAuthenticationsResponse> {
    return this.authentications.forCompany(session.principalId, limitOf(query));
  }

  @Get('cards/:cardId/checkout-authentications')
  @CompressedResponse()
  @MemberOnly()
  card(@Param('cardId', IdParam) cardId: number, @Query() query: CheckoutAuthenticationsQueryDto, @CurrentSession() session: SessionContext): Promise<CheckoutAuthenticationsResponse> {
    return this.authentications.forCard(session.principalId, cardId, limitOf(query));
  }
}

function limitOf(query: CheckoutAuthenticationsQueryDto): number {
  return query.limit ? Number(query.limit) : AcsConsoleLimits.checkoutAuthenticationsDefaultItems;
}
