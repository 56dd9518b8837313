/**
 * The risk engine's thresholds (the data its rules read, modules/acs/risk/risk-rules.ts): defaults, and the
 * schema ACS_RISK_RULES is validated against at boot.
 */
export interface RiskThresholds {
  /** a payment above this (JPY) is challenged */
  frictionlessMaxAmountJpy: number;
  velocityWindowSeconds: number;
  /** more AReqs than this for one card within the window are refused as suspected fraud */
  velocityMaxAReqs: number;
  /** a browser that passed a challenge for the card within this many days is trusted */
  trustedDeviceDays: number;
  highRiskMccs: string[];
  denyBrowserIps: string[];
  /** external provider scores (0–100): at or above these the purchase is challenged / refused */
  providerChallengeScore: number;
  providerDenyScore: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  frictionlessMaxAmountJpy: 10_000,
  velocityWindowSeconds: 600,
  velocityMaxAReqs: 10,
  trustedDeviceDays: 90,
  // gambling, quasi-cash, securities, money transfer, direct marketing
  highRiskMccs: ['7995', '6051', '6211', '4829', '5967'],
  denyBrowserIps: [],
  providerChallengeScore: 60,
  providerDenyScore: 90,
};

export const RISK_THRESHOLDS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    frictionlessMaxAmountJpy: { type: 'integer', minimum: 0 },
    velocityWindowSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
    velocityMaxAReqs: { type: 'integer', minimum: 1 },
    trustedDeviceDays: { type: 'integer', minimum: 0, maximum: 3650 },
    highRiskMccs: { type: 'array', items: { type: 'string', pattern: '^\\d{4}$' } },
    denyBrowserIps: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 45 } },
    providerChallengeScore: { type: 'number', minimum: 0, maximum: 100 },
    providerDenyScore: { type: 'number', minimum: 0, maximum: 100 },
  },
} as const;

