import { DEFAULT_RISK_THRESHOLDS } from '../../../config/risk-thresholds.js';
import { evaluateRisk, type RiskFacts } from './risk-rules.js';

const lowRisk: RiskFacts = {
  messageCategory: '01', amountJpy: 8000, currency: '392', mcc: '5732', browserIp: '203.0.113.1', challengeMandated: false,
  aReqsInWindow: 0, deviceTrusted: true, ipSeenForCard: true, provider: { status: 'NOT_CONFIGURED' },
};
const decide = (change: Partial<RiskFacts>, thresholds = DEFAULT_RISK_THRESHOLDS) => evaluateRisk({ ...lowRisk, ...change }, thresholds);

describe('risk rules', () => {
  it('lets a trusted browser through for ≤ ¥10,000 with nothing fired', () => {
    expect(decide({})).toEqual({ outcome: 'FRICTIONLESS', fired: [] });
    expect(decide({ amountJpy: 10_000 }).outcome).toBe('FRICTIONLESS');
  });

  it('challenges above the amount, for another currency, an untrusted browser, a risky MCC, or when mandated', () => {
    expect(decide({ amountJpy: 10_001 }).fired).toEqual([{ rule: 'amount', action: 'CHALLENGE', inputs: { amountJpy: 10_001, max: 10_000 } }]);
    expect(decide({ amountJpy: null, currency: '840' }).outcome).toBe('CHALLENGE');
    expect(decide({ deviceTrusted: false }).fired.map((r) => r.rule)).toEqual(['device-not-trusted']);
    expect(decide({ mcc: '7995' }).outcome).toBe('CHALLENGE');
    expect(decide({ challengeMandated: true }).fired.map((r) => r.rule)).toEqual(['challenge-mandated']);
  });

  it('refuses the 11th AReq in the window and a denied IP; DENY wins over CHALLENGE', () => {
    expect(decide({ aReqsInWindow: 9 }).outcome).toBe('FRICTIONLESS');
    expect(decide({ aReqsInWindow: 10, deviceTrusted: false }).outcome).toBe('DENY');
    expect(decide({}, { ...DEFAULT_RISK_THRESHOLDS, denyBrowserIps: ['203.0.113.1'] }).outcome).toBe('DENY');
  });

  it('reads thresholds from configuration', () => {
    expect(decide({ amountJpy: 20_000 }, { ...DEFAULT_RISK_THRESHOLDS, frictionlessMaxAmountJpy: 30_000 }).outcome).toBe('FRICTIONLESS');
  });

  it('uses the provider score, and records a provider that failed without letting it decide', () => {
    expect(decide({ provider: { status: 'SCORED', score: 95 } }).outcome).toBe('DENY');
    expect(decide({ provider: { status: 'SCORED', score: 60 } }).outcome).toBe('CHALLENGE');
    expect(decide({ provider: { status: 'SCORED', score: 10 } }).outcome).toBe('FRICTIONLESS');
    const timedOut = decide({ provider: { status: 'TIMEOUT', detail: 'no answer within 300 ms' } });
    expect(timedOut.outcome).toBe('FRICTIONLESS');
    expect(timedOut.fired).toEqual([{ rule: 'provider-score', action: 'NOTE', inputs: { provider: 'TIMEOUT', fallback: 'local rules only', detail: 'no answer within 300 ms' } }]);
  });

  it('notes an IP not seen for the card without challenging', () => {
    expect(decide({ ipSeenForCard: false })).toEqual({ outcome: 'FRICTIONLESS', fired: [{ rule: 'ip-not-seen', action: 'NOTE', inputs: { browserIp: '203.0.113.1' } }] });
  });

  it('does not apply the amount rule to non-payments', () => {
    expect(decide({ messageCategory: '02', amountJpy: null, currency: null }).outcome).toBe('FRICTIONLESS');
  });
});
