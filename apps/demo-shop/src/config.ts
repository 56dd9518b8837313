/**
 * Demo shop configuration, validated at start. The shop is a simulator: it never runs in production
 * (`NODE_ENV=production` refuses, `DEMO=false` turns it off), and outside production ACS_VERIFY_TOKEN may come from
 * the git-ignored `.data/dev-keys.json` that the ACS process writes — read when needed, because `pnpm start` starts
 * the shop and the ACS side by side and the ACS may write the file after the shop has started.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface DemoConfig {
  port: number;
  host: string;
  /** the shop's own origin as the shopper's browser reaches it (notificationURL, requestor URL) */
  publicUrl: string;
  acsPublicUrl: string;
  /** the bearer token for the ACS verification endpoint, when one is known */
  acsVerifyToken: () => string | undefined;
}

export class ConfigError extends Error {}

/** `DEMO=false`: not an error, the process says so and exits 0. */
export class DemoDisabled extends Error {}

type Env = Record<string, string | undefined>;

function parseUrl(name: string, value: string, problems: string[]): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('protocol');
    if (url.search || url.hash) throw new TypeError('query');
    return url.href.replace(/\/$/, '');
  } catch {
    problems.push(`${name} must be an http(s) URL without query (got "${value}")`);
    return '';
  }
}

function readDevKey(file: string | undefined): string | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const value = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).ACS_VERIFY_TOKEN;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function loadDemoConfig(env: Env, options: { devKeyFile?: string } = {}): DemoConfig {
  const production = env.NODE_ENV === 'production';
  const demo = (env.DEMO ?? '').trim().toLowerCase();
  if (demo !== '' && demo !== 'true' && demo !== 'false') throw new ConfigError(`DEMO must be true or false (got "${env.DEMO}")`);
  if (demo === 'false') throw new DemoDisabled('demo shop: off (DEMO=false)');
  if (production) throw new ConfigError('demo shop: refusing to start with NODE_ENV=production — it is a simulator (set DEMO=false to skip it)');

  const problems: string[] = [];
  const portText = env.DEMO_PORT?.trim() || '3002';
  const port = Number(portText);
  const portOk = /^\d+$/.test(portText) && port >= 1 && port <= 65535;
  if (!portOk) problems.push(`DEMO_PORT must be a port number 1–65535 (got "${env.DEMO_PORT}")`);
  const publicUrl = parseUrl('DEMO_PUBLIC_URL', env.DEMO_PUBLIC_URL?.trim() || `http://localhost:${portOk ? port : 3002}`, problems);
  const acsPublicUrl = parseUrl('ACS_PUBLIC_URL', env.ACS_PUBLIC_URL?.trim() || 'http://localhost:3001', problems);
  if (problems.length) throw new ConfigError(`demo shop: invalid configuration\n  - ${problems.join('\n  - ')}`);

  const token = env.ACS_VERIFY_TOKEN?.trim();
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    publicUrl,
    acsPublicUrl,
    acsVerifyToken: token ? () => token : () => readDevKey(options.devKeyFile),
  };
}
