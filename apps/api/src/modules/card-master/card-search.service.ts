/** Card search for staff: by company, by last four digits, or both; keyset pages, masked views only. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BackofficeCard, Page } from '@corpweb/shared-types';
import { select, selectOne } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import { BACKOFFICE_CARD_SELECT, toBackofficeCard, type BackofficeCardRow } from './backoffice-card.view.js';

export interface CardSearch {
  corporateNumber?: string;
  last4?: string;
  cursor?: number;
  limit: number;
}

@Injectable()
export class CardSearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(query: CardSearch): Promise<Page<BackofficeCard>> {
    // an unfiltered listing of every card is not a back-office need, and would be a bulk-export path
    if (!query.corporateNumber && !query.last4) {
      throw AppException.validation([{ field: 'corporateNumber', code: 'REQUIRED' }, { field: 'last4', code: 'REQUIRED' }]);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.corporateNumber) { where.push('co.corporate_number = ?'); params.push(query.corporateNumber); }
    if (query.last4) { where.push('c.last4 = ?'); params.push(query.last4); }
    if (query.cursor) { where.push('c.id > ?'); params.push(query.cursor); }
    const rows = await select<BackofficeCardRow>(
      this.dataSource,
      `${BACKOFFICE_CARD_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ?`,
      [...params, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(toBackofficeCard),
      ...(rows.length > query.limit ? { nextCursor: String(page[page.length - 1]!.id) } : {}),
    };
  }

  async find(cardId: number): Promise<BackofficeCard> {
    const row = await selectOne<BackofficeCardRow>(this.dataSource, `${BACKOFFICE_CARD_SELECT} WHERE c.id = ?`, [cardId]);
    if (!row) throw new AppException('CARD_NOT_FOUND');
    return toBackofficeCard(row);
  }
}
