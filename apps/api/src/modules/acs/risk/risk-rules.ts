/**
 * The risk engine's rules, as data: each rule reads the facts gathered for one AReq and either stays silent or
 * fires with an action — DENY (R/11), CHALLENGE (C) or NOTE (recorded for staff, no effect). The thresholds come
 * from configuration (ACS_RISK_RULES, validated against config/risk-thresholds.ts); every decision stores the rules
 * that fired with the inputs they saw, so "why was this refused?" has an answer.
 */
import type { RiskRuleResult } from '@corpweb/shared-types';
import type { RiskThresholds } from '../../../config/risk-thresholds.js';

export type { RiskThresholds };

export type ProviderOutcome =
  | { status: 'SCORED'; score: number }
  | { status: 'FAILED' | 'TIMEOUT'; detail: string }
  | { status: 'NOT_SHARED' | 'NOT_CONFIGURED' };

/** What the ACS knows about one AReq when it decides. */
export interface RiskFacts {
  messageCategory: '01' | '02';
  /** the amount in yen, or null for another currency or a non-payment */
  amountJpy: number | null;
  currency: string | null;
  mcc: string | null;
  browserIp: string | null;
  challengeMandated: boolean;
  aReqsInWindow: number;
  deviceTrusted: boolean;
  ipSeenForCard: boolean;
  provider: ProviderOutcome;
}

export type RiskOutcome = 'DENY' | 'CHALLENGE' | 'FRICTIONLESS';

type Verdict = Omit<RiskRuleResult, 'rule'> | undefined;
interface Rule {
  id: string;
  evaluate(facts: RiskFacts, t: RiskThresholds): Verdict;
}

const RULES: Rule[] = [
  {
    id: 'velocity-per-card',
    evaluate: (f, t) => f.aReqsInWindow >= t.velocityMaxAReqs
      ? { action: 'DENY', inputs: { previousAReqs: f.aReqsInWindow, windowSeconds: t.velocityWindowSeconds, max: t.velocityMaxAReqs } }
      : undefined,
  },
  {
    id: 'deny-list-ip',
    evaluate: (f, t) => f.browserIp && t.denyBrowserIps.includes(f.browserIp)
      ? { action: 'DENY', inputs: { browserIp: f.browserIp } } : undefined,
  },
  {
    id: 'provider-score',
    evaluate: (f, t): Verdict => {
      if (f.provider.status === 'SCORED') {
        const { score } = f.provider;
        if (score >= t.providerDenyScore) return { action: 'DENY', inputs: { score, denyAt: t.providerDenyScore } };
        if (score >= t.providerChallengeScore) return { action: 'CHALLENGE', inputs: { score, challengeAt: t.providerChallengeScore } };
        return undefined;
      }
      if (f.provider.status === 'FAILED' || f.provider.status === 'TIMEOUT') {
        return { action: 'NOTE', inputs: { provider: f.provider.status, fallback: 'local rules only', detail: f.provider.detail } };
      }
      return undefined;
    },
  },
  {
    id: 'challenge-mandated',
    evaluate: (f) => f.challengeMandated ? { action: 'CHALLENGE', inputs: { threeDSRequestorChallengeInd: '04' } } : undefined,
  },
  {
    id: 'amount',
    evaluate: (f, t): Verdict => {
      if (f.messageCategory !== '01') return undefined;
      if (f.amountJpy === null) return { action: 'CHALLENGE', inputs: { currency: f.currency, reason: 'not JPY' } };
      return f.amountJpy > t.frictionlessMaxAmountJpy
        ? { action: 'CHALLENGE', inputs: { amountJpy: f.amountJpy, max: t.frictionlessMaxAmountJpy } } : undefined;
    },
  },
  {
    id: 'device-not-trusted',
    evaluate: (f, t) => f.deviceTrusted ? undefined : { action: 'CHALLENGE', inputs: { trustedDeviceDays: t.trustedDeviceDays } },
  },
  {
    id: 'ip-not-seen',
    evaluate: (f) => !f.ipSeenForCard && f.browserIp ? { action: 'NOTE', inputs: { browserIp: f.browserIp } } : undefined,
  },
  {
    id: 'merchant-category',
    evaluate: (f, t) => f.mcc && t.highRiskMccs.includes(f.mcc) ? { action: 'CHALLENGE', inputs: { mcc: f.mcc } } : undefined,
  },
];

export function evaluateRisk(facts: RiskFacts, thresholds: RiskThresholds): { outcome: RiskOutcome; fired: RiskRuleResult[] } {
  const fired: RiskRuleResult[] = [];
  for (const rule of RULES) {
    const result = rule.evaluate(facts, thresholds);
    if (result) fired.push({ rule: rule.id, ...result });
  }
  const outcome: RiskOutcome = fired.some((r) => r.action === 'DENY') ? 'DENY'
    : fired.some((r) => r.action === 'CHALLENGE') ? 'CHALLENGE' : 'FRICTIONLESS';
  return { outcome, fired };
}
