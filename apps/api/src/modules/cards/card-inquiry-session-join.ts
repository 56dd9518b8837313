/**
 * The card inquiry reads its card in the session guard's statement (issue 13: one read round trip, the session
 * and the card). The guard runs before the body is validated, so a body without a card number the inquiry would
 * accept joins nothing; the service uses the joined card only for the same number as validated, and reads it otherwise.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validateCardNumber } from '@corpweb/shared-types';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import type { SessionJoinSource } from '../session/session.guard.js';
import type { SessionJoin } from '../session/session.service.js';
import { CardInquiryRepository, type CardReadWithSession } from './card-inquiry.repository.js';
import { CARD_NUMBER_MAX_LENGTH } from './dto/card-inquiry.dto.js';

@Injectable()
export class CardInquirySessionJoin implements SessionJoinSource<CardReadWithSession> {
  constructor(private readonly inquiries: CardInquiryRepository, private readonly crypto: CardCrypto) {}

  joinFor(request: FastifyRequest): SessionJoin<CardReadWithSession> | undefined {
    const body = request.body;
    const cardNumber = body && typeof body === 'object' ? (body as { cardNumber?: unknown }).cardNumber : undefined;
    if (typeof cardNumber !== 'string' || cardNumber.length > CARD_NUMBER_MAX_LENGTH) return undefined;
    const parsed = validateCardNumber(cardNumber);
    return parsed.ok ? this.inquiries.memberCardJoin(cardNumber, this.crypto.fingerprint(parsed.digits)) : undefined;
  }
}
