/** The back-office ACS console: OPERATOR reads, SUPERVISOR also unlocks. */
import { Controller, Get, HttpCode, Injectable, Param, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AcsPasswordUnlockResponse, AcsSummaryResponse, AcsTransactionDetail, AcsTransactionListResponse } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { IdParam } from '../../common/http/id-param.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { CurrentSession, StaffOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { AcsSummaryService } from './acs-summary.service.js';
import { AcsTransactionsQueryService } from './acs-transactions-query.service.js';
import { ChallengePasswordUnlockService } from './challenge-password-unlock.service.js';
import { AcsSummaryQueryDto, AcsTransactionListQueryDto } from './dto/acs-console.dto.js';
import { CompressedResponse } from '../../common/http/compressed-response.js';

/** acsTransIDs are UUIDs the ACS generated (lower case); anything else cannot name one. */
@Injectable()
export class AcsTransIdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new AppException('ACS_TRANSACTION_NOT_FOUND');
    return value.toLowerCase();
  }
}

@ApiTags('back office')
@Controller('backoffice')
export class AcsConsoleController {
  constructor(
    private readonly transactions: AcsTransactionsQueryService,
    private readonly summary: AcsSummaryService,
    private readonly unlocks: ChallengePasswordUnlockService,
  ) {}

  @Get('acs-transactions')
  @CompressedResponse()
  @StaffOnly()
  list(@Query() query: AcsTransactionListQueryDto): Promise<AcsTransactionListResponse> {
    return this.transactions.list({ ...query, limit: query.limit ? Number(query.limit) : undefined });
  }

  @Get('acs-transactions/:acsTransId')
  @StaffOnly()
  detail(@Param('acsTransId', AcsTransIdParam) acsTransId: string, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<AcsTransactionDetail> {
    return this.transactions.detail(acsTransId, session.principalId, meta);
  }

  @Get('acs-summary')
  @StaffOnly()
  daily(@Query() query: AcsSummaryQueryDto): Promise<AcsSummaryResponse> {
    return this.summary.summarize(query.from, query.to);
  }

  /** Under acs-locks (not cards/:id) because the lock is the ACS's, distinct from the portal's PIN lock. */
  @Post('acs-locks/:cardId/password-unlock')
  @HttpCode(200)
  @StaffOnly('SUPERVISOR')
  unlock(@Param('cardId', IdParam) cardId: number, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<AcsPasswordUnlockResponse> {
    return this.unlocks.unlock(cardId, session.principalId, meta);
  }
}
