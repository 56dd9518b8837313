/**
 * The external fraud-detection provider (ACS_RISK_PROVIDER_URL, the seed's ThreatMetrix role): one POST of the
 * transaction and device data, answered `{score: 0–100}`. It has 300 ms: a slow, failing or nonsensical answer
 * never blocks a decision — local rules decide and the fallback is recorded. The card travels only as its
 * keyed fingerprint, never as a PAN.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ACS_CONFIG, type AcsConfig } from '../../../config/acs-config.js';
import type { ProviderOutcome } from './risk-rules.js';

export interface ProviderRequest {
  acsTransID: string;
  cardToken: string;
  messageCategory: string;
  purchaseAmount: string | null;
  purchaseCurrency: string | null;
  merchantName: string;
  mcc: string | null;
  merchantCountryCode: string | null;
  browser: { ip: string | null; userAgent: string; language: string; acceptHeader: string; screen: string | null; tz: string | null };
}

@Injectable()
export class RiskProviderClient {
  private readonly logger = new Logger('RiskProvider');

  constructor(@Inject(ACS_CONFIG) private readonly config: AcsConfig) {}

  get configured(): boolean {
    return this.config.riskProviderUrl !== undefined;
  }

  async score(request: ProviderRequest): Promise<ProviderOutcome> {
    if (!this.config.riskProviderUrl) return { status: 'NOT_CONFIGURED' };
    try {
      const response = await fetch(this.config.riskProviderUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.config.riskProviderTimeoutMs),
      });
      if (!response.ok) {
        await response.arrayBuffer().catch(() => undefined);
        return { status: 'FAILED', detail: `HTTP ${response.status}` };
      }
      const body = (await response.json()) as { score?: unknown };
      const score = Number(body.score);
      if (typeof body.score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) {
        return { status: 'FAILED', detail: 'no score in the answer' };
      }
      return { status: 'SCORED', score };
    } catch (error) {
      const name = (error as Error).name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      if (!timedOut) this.logger.warn({ error: name }, 'risk provider unreachable; local rules decide');
      return timedOut ? { status: 'TIMEOUT', detail: `no answer within ${this.config.riskProviderTimeoutMs} ms` } : { status: 'FAILED', detail: name };
    }
  }
}
