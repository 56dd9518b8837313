/** Card search and the staff actions on one card: OPERATOR reads, SUPERVISOR acts. */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { normalizeMobilePhone, type BackofficeCard, type BackofficeCardSearchResponse, type CardReissueResponse } from '@corpweb/shared-types';
import { IdParam } from '../../common/http/id-param.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { CurrentSession, StaffOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { CardLifecycleService } from './card-lifecycle.service.js';
import { CardSearchService } from './card-search.service.js';
import { CardReissueDto, CardSearchQuery, ProvisionalPhoneDto } from './dto/card-master.dto.js';
import { CompressedResponse } from '../../common/http/compressed-response.js';

@ApiTags('back office')
@Controller('backoffice/cards')
export class BackofficeCardsController {
  constructor(
    private readonly search: CardSearchService,
    private readonly lifecycle: CardLifecycleService,
  ) {}

  @Get()
  @CompressedResponse()
  @StaffOnly()
  list(@Query() query: CardSearchQuery): Promise<BackofficeCardSearchResponse> {
    return this.search.search({
      corporateNumber: query.corporateNumber,
      last4: query.last4,
      cursor: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit ? Number(query.limit) : 50,
    });
  }

  @Post(':id/pin-unlock')
  @HttpCode(200)
  @StaffOnly('SUPERVISOR')
  unlock(@Param('id', IdParam) id: number, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<BackofficeCard> {
    return this.lifecycle.unlockPin(id, session.principalId, meta);
  }

  @Post(':id/reissue')
  @HttpCode(200)
  @StaffOnly('SUPERVISOR')
  reissue(@Param('id', IdParam) id: number, @Body() body: CardReissueDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<CardReissueResponse> {
    return this.lifecycle.reissue(id, body, session.principalId, meta);
  }

  @Put(':id/provisional-phone')
  @HttpCode(200)
  @StaffOnly('SUPERVISOR')
  provisionalPhone(@Param('id', IdParam) id: number, @Body() body: ProvisionalPhoneDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<BackofficeCard> {
    // the DTO guarantees a Japanese mobile number
    return this.lifecycle.setProvisionalPhone(id, normalizeMobilePhone(body.phone)!, session.principalId, meta);
  }
}
