/** Member card endpoints: 登録状況照会 (card + PIN) and the company's card list. */
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardInquiryResponse, CompanyCardsResponse } from '@corpweb/shared-types';
import { CompressedResponse } from '../../common/http/compressed-response.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { CurrentSession, MemberOnly, ReadAlongSession, ReadWithSession } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import type { CardReadWithSession } from './card-inquiry.repository.js';
import { CardInquiryService } from './card-inquiry.service.js';
import { CardInquirySessionJoin } from './card-inquiry-session-join.js';
import { CompanyCardsService } from './company-cards.service.js';
import { CardInquiryDto } from './dto/card-inquiry.dto.js';

@ApiTags('member cards')
@Controller()
export class CardsController {
  constructor(private readonly inquiries: CardInquiryService, private readonly cards: CompanyCardsService) {}

  @Post('card-inquiries')
  @HttpCode(200)
  @MemberOnly()
  @ReadWithSession(CardInquirySessionJoin)
  inquire(
    @Body() body: CardInquiryDto,
    @CurrentSession() session: SessionContext,
    @ReadAlongSession() read: CardReadWithSession | undefined,
    @Meta() meta: RequestMeta,
  ): Promise<CardInquiryResponse> {
    return this.inquiries.inquire(session.principalId, session.idHash, body.cardNumber, body.pin, meta, read);
  }

  @Get('cards')
  @CompressedResponse()
  @MemberOnly()
  list(@CurrentSession() session: SessionContext): Promise<CompanyCardsResponse> {
    return this.cards.list(session.principalId);
  }
}
