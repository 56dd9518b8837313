/** The company dashboard: its active cards, masked, with enrollment status and the progress summary. */
import { Injectable } from '@nestjs/common';
import type { CompanyCardsResponse, EnrollmentStatus } from '@corpweb/shared-types';
import { enrollmentView, maskedCard } from './card-views.js';
import { CardsRepository } from './cards.repository.js';

@Injectable()
export class CompanyCardsService {
  constructor(private readonly cards: CardsRepository) {}

  async list(memberId: number): Promise<CompanyCardsResponse> {
    const rows = await this.cards.activeCardsOfMembersCompany(memberId);
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
