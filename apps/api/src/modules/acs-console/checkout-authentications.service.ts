/**
 * A company's administrator sees the recent checkout authentications of the company's cards (portal
 * dashboard), to spot a card that keeps being refused. Scoped by the member's company in the SQL itself.
 */
import { Injectable } from '@nestjs/common';
import type { CheckoutAuthenticationsResponse } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { AcsConsoleRepository } from './acs-console.repository.js';
import { toCheckoutAuthentication } from './acs-transaction.view.js';

@Injectable()
export class CheckoutAuthenticationsService {
  constructor(private readonly repository: AcsConsoleRepository) {}

  async forCompany(memberId: number, limit: number): Promise<CheckoutAuthenticationsResponse> {
    const rows = await this.repository.companyAuthentications(memberId, limit);
    return { items: rows.map(toCheckoutAuthentication) };
  }

  async forCard(memberId: number, cardId: number, limit: number): Promise<CheckoutAuthenticationsResponse> {
    // another company's card and no card at all answer the same 404
    if (!(await this.repository.memberCard(memberId, cardId))) throw new AppException('CARD_NOT_FOUND');
    const rows = await this.repository.companyAuthentications(memberId, limit, cardId);
    return { items: rows.map(toCheckoutAuthentication) };
  }
}
