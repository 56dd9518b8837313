/** The company dashboard: its active cards, masked, with enrollment status and the progress summary. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CompanyCardsResponse, EnrollmentStatus } from '@corpweb/shared-types';
import { select } from '../../common/database/sql.js';
import { enrollmentView, maskedCard, type CardRow, type EnrollmentRow } from './card-views.js';

type Row = Omit<CardRow, 'status'> & Partial<Omit<EnrollmentRow, 'card_id' | 'status'>> & { e_status: EnrollmentRow['status'] | null; e_updated_at: Date | null };

@Injectable()
export class CompanyCardsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(memberId: number): Promise<CompanyCardsResponse> {
    const rows = await select<Row>(
      this.dataSource,
      `SELECT c.id, c.first4, c.last4, c.brand, c.expiry_yymm, c.holder_name, c.pin_locked_at,
              e.secure_id, e.method, e.phone_e164, e.status AS e_status, e.updated_at AS e_updated_at
         FROM members m
         JOIN cards c ON c.company_id = m.company_id AND c.status = 'ACTIVE'
         LEFT JOIN enrollments e ON e.card_id = c.id
        WHERE m.id = ?
        ORDER BY c.id
        LIMIT 5000`,
      [memberId],
    );
    const summary: Record<EnrollmentStatus, number> = { UNREGISTERED: 0, REGISTERED: 0, REREGISTRATION_REQUIRED: 0 };
    const items = rows.map((row) => {
      const enrollment = enrollmentView(row.e_status ? {
        card_id: row.id, secure_id: row.secure_id ?? null, method: row.method!, phone_e164: row.phone_e164 ?? null,
        password_hash: null, status: row.e_status, updated_at: row.e_updated_at!,
      } : undefined);
      summary[enrollment.status] += 1;
      return { cardId: String(row.id), card: maskedCard(row), holderName: row.holder_name, pinLocked: Boolean(row.pin_locked_at), enrollment };
    });
    return { items, summary };
  }
}
