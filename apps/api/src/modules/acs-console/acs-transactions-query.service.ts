/**
 * Staff reads of ACS transactions: the searchable keyset list and one transaction's detail (its risk rules and
 * message timeline). Every detail view is audited (ACS_TRANSACTION_VIEWED, PCI DSS 10.2.1: who looked at which
 * cardholder's authentication) before the data is returned.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcsConsoleLimits, type AcsTransactionDetail, type AcsTransactionListResponse, type TransStatus } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { CompaniesRepository } from '../company/companies.repository.js';
import { AcsConsoleRepository } from './acs-console.repository.js';
import { decodeAcsCursor, encodeAcsCursor } from './acs-cursor.js';
import { toDetail, toListItem } from './acs-transaction.view.js';
import { nextDate, startOfBusinessDay } from '../../common/clock/business-days.js';

export interface AcsTransactionSearch {
  corporateNumber?: string;
  last4?: string;
  transStatus?: TransStatus;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** a challenge logs a few dozen messages; this bounds a transaction a DS kept retrying against */
const TIMELINE_MAX_MESSAGES = 500;

@Injectable()
export class AcsTransactionsQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AcsConsoleRepository,
    private readonly companies: CompaniesRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(search: AcsTransactionSearch): Promise<AcsTransactionListResponse> {
    if (search.from && search.to && search.from > search.to) {
      throw AppException.validation([{ field: 'to', code: 'DATE_RANGE_INVALID' }]);
    }
    const limit = search.limit ?? AcsConsoleLimits.transactionListDefaultPageSize;
    let companyId: number | undefined;
    if (search.corporateNumber) {
      companyId = await this.companies.idByCorporateNumber(this.dataSource, search.corporateNumber);
      if (companyId === undefined) return { items: [] };
    }
    const zone = this.config.businessTimeZone;
    const rows = await this.repository.listTransactions({
      companyId,
      last4: search.last4,
      transStatus: search.transStatus,
      fromInclusive: search.from ? startOfBusinessDay(search.from, zone) : undefined,
      toExclusive: search.to ? startOfBusinessDay(nextDate(search.to), zone) : undefined,
      after: search.cursor ? decodeAcsCursor(search.cursor) : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toListItem),
      ...(rows.length > limit && last ? { nextCursor: encodeAcsCursor({ createdAt: last.created_at, acsTransId: last.acs_trans_id }) } : {}),
    };
  }

  async detail(acsTransId: string, staffId: number, meta: RequestMeta): Promise<AcsTransactionDetail> {
    const row = await this.repository.findTransaction(acsTransId);
    if (!row) throw new AppException('ACS_TRANSACTION_NOT_FOUND');
    const messages = await this.repository.timeline(acsTransId, TIMELINE_MAX_MESSAGES);
    await this.dataSource.transaction((manager) => this.audit.append(manager, {
      actorType: 'STAFF', actorId: staffId, action: 'ACS_TRANSACTION_VIEWED', targetType: 'ACS_TRANSACTION', targetId: acsTransId, meta,
      detail: { cardId: row.card_id === null ? null : Number(row.card_id), transStatus: row.trans_status },
    }));
    return toDetail(row, messages);
  }
}
