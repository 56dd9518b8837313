/**
 * Orders, in memory (a simulator: a restart forgets them), and what the shopper is shown for one.
 *
 * The result of a challenge comes twice: the final CRes through the browser and the RReq from the ACS. The RReq
 * is the DS's authoritative copy (it carries the ECI and authenticationValue), so the result waits for it; the
 * CRes alone only says the challenge ended. An authenticationValue (Y/A) is verified once per order and the
 * answer kept, because the ACS accepts each value only once.
 */
import type { Checkout } from './checkout-form.js';
import type { Lang } from './i18n.js';
import {
  verifyAuthenticationValue,
  type AcsAnswer,
  type AReq,
  type CReq,
  type CRes,
  type ReceivedRReq,
  type VerificationResult,
} from './three-ds-simulator.js';

export interface Order {
  id: string;
  createdAt: Date;
  lang: Lang;
  checkout: Checkout;
  areq: AReq;
  answer: AcsAnswer;
  creq?: CReq;
  cres?: CRes;
  cresAt?: Date;
  verification?: Promise<VerificationResult | { kind: 'no-token' }>;
}

export class OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly byAcsTransID = new Map<string, string>();

  constructor(private readonly capacity = 1_000) {}

  add(order: Order): void {
    this.orders.set(order.id, order);
    if (order.answer.kind === 'ARes') this.byAcsTransID.set(order.answer.ares.acsTransID, order.id);
    while (this.orders.size > this.capacity) {
      const oldest = this.orders.values().next().value!;
      this.orders.delete(oldest.id);
      if (oldest.answer.kind === 'ARes') this.byAcsTransID.delete(oldest.answer.ares.acsTransID);
    }
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  byAcsTransId(acsTransID: string): Order | undefined {
    const id = this.byAcsTransID.get(acsTransID);
    return id ? this.orders.get(id) : undefined;
  }
}

export type Outcome =
  | { phase: 'erro'; answer: Extract<AcsAnswer, { kind: 'Erro' }> }
  | { phase: 'invalid'; answer: Extract<AcsAnswer, { kind: 'invalid' }> }
  | { phase: 'challenge-open' }
  | { phase: 'awaiting-rreq'; late: boolean }
  | {
      phase: 'final';
      flow: 'frictionless' | 'challenge';
      transStatus: string;
      transStatusReason?: string;
      challengeCancel?: string;
      eci?: string;
      authenticationValue?: string;
      /** the CRes said something else than the RReq */
      cresMismatch: boolean;
    };

/** after this long without an RReq the page stops waiting quietly and says so */
export const RREQ_PATIENCE_MS = 15_000;

export function outcomeOf(order: Order, rreq: ReceivedRReq | undefined, now: Date): Outcome {
  const { answer } = order;
  if (answer.kind === 'Erro') return { phase: 'erro', answer };
  if (answer.kind === 'invalid') return { phase: 'invalid', answer };
  const { ares } = answer;
  if (ares.transStatus !== 'C') {
    return {
      phase: 'final',
      flow: 'frictionless',
      transStatus: ares.transStatus,
      ...(ares.transStatusReason ? { transStatusReason: ares.transStatusReason } : {}),
      ...(ares.eci ? { eci: ares.eci } : {}),
      ...(ares.authenticationValue ? { authenticationValue: ares.authenticationValue } : {}),
      cresMismatch: false,
    };
  }
  if (!rreq) {
    if (!order.cres) return { phase: 'challenge-open' };
    return { phase: 'awaiting-rreq', late: now.getTime() - order.cresAt!.getTime() > RREQ_PATIENCE_MS };
  }
  const r = rreq.rreq;
  return {
    phase: 'final',
    flow: 'challenge',
    transStatus: r.transStatus,
    ...(r.transStatusReason ? { transStatusReason: r.transStatusReason } : {}),
    ...(r.challengeCancel ? { challengeCancel: r.challengeCancel } : {}),
    ...(r.eci ? { eci: r.eci } : {}),
    ...(r.authenticationValue ? { authenticationValue: r.authenticationValue } : {}),
    cresMismatch: order.cres !== undefined && order.cres.transStatus !== r.transStatus,
  };
}

/** Verifies the order's authenticationValue once (Y/A only); later calls get the same answer. */
export function verifyOnce(
  order: Order,
  outcome: Outcome,
  acsPublicUrl: string,
  token: string | undefined,
): Promise<VerificationResult | { kind: 'no-token' }> | undefined {
  if (outcome.phase !== 'final' || !['Y', 'A'].includes(outcome.transStatus) || !outcome.authenticationValue) return undefined;
  if (order.answer.kind !== 'ARes') return undefined;
  if (!token) return Promise.resolve({ kind: 'no-token' });
  order.verification ??= verifyAuthenticationValue(acsPublicUrl, token, {
    acsTransID: order.answer.ares.acsTransID,
    authenticationValue: outcome.authenticationValue,
    acctNumber: order.checkout.acctNumber,
    purchaseAmount: order.areq.purchaseAmount,
  });
  return order.verification;
}
