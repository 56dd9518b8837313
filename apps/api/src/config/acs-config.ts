/**
 * The ACS process's own configuration, validated at boot like the portal's: where it listens, its public URL
 * (the acsURL it hands out), the Directory Server that receives RReqs, the authenticationValue key, the bearer
 * token of the authorization host, and the risk engine's thresholds (rules are data, see risk-rules.ts).
 * The shared settings (database, keys, SMS, clock zone) come from loadConfig().
 */
import { randomBytes } from 'node:crypto';
import { Ajv } from 'ajv';
import { ConfigError, parseBool, parseOptionalPort, parsePort, readOrCreateDevSecrets, type Env } from './app-config.js';
import { DEFAULT_RISK_THRESHOLDS, RISK_THRESHOLDS_SCHEMA, type RiskThresholds } from './risk-thresholds.js';

export interface AcsConfig {
  port: number;
  /** base URL the cardholder's browser reaches the ACS at (acsURL = publicUrl + /3ds/v2/challenge) */
  publicUrl: string;
  /** where RReqs go; undefined only when no DS is configured (then challenges cannot complete: refused at boot outside dev) */
  dsUrl: string;
  verifyToken: string;
  /** a card without a usable enrollment gets attempts (A, ECI 06) instead of N/13 */
  attempts: boolean;
  avKey: Buffer;
  acsReferenceNumber: string;
  riskProviderUrl?: string;
  riskProviderTimeoutMs: number;
  risk: RiskThresholds;
  timerPollMs: number;
  /** an OTP SMS not delivered this long after it was queued ends the challenge U/22 (when a gateway is configured) */
  smsDeliveryDeadlineSeconds: number;
  /** the ACS's Prometheus listener (ACS_METRICS_PORT, default 9465; 0 turns it off), on the portal's METRICS_HOST */
  metricsPort?: number;
}

export const ACS_CONFIG = Symbol('ACS_CONFIG');

export function loadAcsConfig(env: Env = process.env, options: { devKeyFile?: string } = {}): AcsConfig {
  const problems: string[] = [];
  // unset means production, as for the portal: development conveniences need NODE_ENV=development
  const nodeEnv = env.NODE_ENV ?? 'production';
  const isProduction = nodeEnv === 'production';
  const port = parsePort(env.ACS_PORT ?? '3001', problems, 'ACS_PORT');
  const publicUrl = (env.ACS_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) problems.push('ACS_PUBLIC_URL must be an http(s) URL');
  if (isProduction && !publicUrl.startsWith('https://')) problems.push('ACS_PUBLIC_URL must be https in production');

  const demoPort = env.DEMO_PORT ?? '3002';
  const dsUrl = env.ACS_DS_URL || (isProduction ? '' : `http://localhost:${demoPort}/ds/rreq`);
  if (!/^https?:\/\/\S+$/.test(dsUrl)) problems.push('ACS_DS_URL must be an http(s) URL (the Directory Server receiving RReqs)');

  const secrets = isProduction
    ? env
    : { ...readOrCreateDevSecrets(options.devKeyFile, ['ACS_AV_KEY', 'ACS_VERIFY_TOKEN'], () => randomBytes(32).toString('base64url')), ...withoutEmpty(env) };
  const avKey = Buffer.from(secrets.ACS_AV_KEY ?? '', 'base64');
  if (avKey.length < 32) problems.push('ACS_AV_KEY must be at least 32 random bytes, base64');
  const verifyToken = secrets.ACS_VERIFY_TOKEN ?? '';
  if (verifyToken.length < 32) problems.push('ACS_VERIFY_TOKEN must be at least 32 characters');

  const riskProviderUrl = env.ACS_RISK_PROVIDER_URL || undefined;
  if (riskProviderUrl && !/^https?:\/\/\S+$/.test(riskProviderUrl)) problems.push('ACS_RISK_PROVIDER_URL must be an http(s) URL');

  const risk = parseRiskThresholds(env.ACS_RISK_RULES, problems);
  const timerPollMs = Number(env.ACS_TIMER_POLL_MS ?? 1000);
  if (!Number.isInteger(timerPollMs) || timerPollMs < 10) problems.push('ACS_TIMER_POLL_MS must be a whole number ≥ 10');
  const smsDeadline = Number(env.ACS_SMS_DELIVERY_DEADLINE_SECONDS ?? 60);
  if (!Number.isInteger(smsDeadline) || smsDeadline < 5 || smsDeadline > 600) {
    problems.push('ACS_SMS_DELIVERY_DEADLINE_SECONDS must be 5–600');
  }
  const metricsPort = parseOptionalPort(env.ACS_METRICS_PORT, 9465, 'ACS_METRICS_PORT', problems);
  const attempts = parseBool(env.ACS_ATTEMPTS, false, 'ACS_ATTEMPTS', problems);

  if (problems.length > 0) throw new ConfigError(`Invalid ACS configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    port,
    publicUrl,
    dsUrl,
    verifyToken,
    attempts,
    avKey,
    acsReferenceNumber: env.ACS_REFERENCE_NUMBER ?? 'CORPWEB-ACS-JCB-01',
    riskProviderUrl,
    riskProviderTimeoutMs: 300,
    risk,
    timerPollMs,
    smsDeliveryDeadlineSeconds: smsDeadline,
    metricsPort,
  };
}

function parseRiskThresholds(value: string | undefined, problems: string[]): RiskThresholds {
  if (!value) return DEFAULT_RISK_THRESHOLDS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    problems.push('ACS_RISK_RULES must be JSON');
    return DEFAULT_RISK_THRESHOLDS;
  }
  const validate = new Ajv({ allErrors: true }).compile(RISK_THRESHOLDS_SCHEMA);
  if (!validate(parsed)) {
    problems.push(`ACS_RISK_RULES: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    return DEFAULT_RISK_THRESHOLDS;
  }
  return { ...DEFAULT_RISK_THRESHOLDS, ...(parsed as Partial<RiskThresholds>) };
}

function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}
