import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config.js';

const keys = {
  NODE_ENV: 'development',
  PAN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PAN_FINGERPRINT_KEY: Buffer.alloc(32, 2).toString('base64'),
  PIN_KEY: Buffer.alloc(32, 3).toString('base64'),
  OTP_KEY: Buffer.alloc(32, 4).toString('base64'),
  AUDIT_KEY: Buffer.alloc(32, 5).toString('base64'),
  AUDIT_SIGNING_KEY: Buffer.alloc(32, 6).toString('base64'),
};

function randomKeys(): Record<string, string> {
  return Object.fromEntries(['PAN_ENCRYPTION_KEY', 'PAN_FINGERPRINT_KEY', 'PIN_KEY', 'OTP_KEY', 'AUDIT_KEY', 'AUDIT_SIGNING_KEY'].map((name) => [name, randomBytes(32).toString('base64')]));
}

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ ...keys });
    expect(config).toMatchObject({ port: 3000, databaseUrl: 'mysql://root@127.0.0.1:3306/corpweb', businessTimeZone: 'Asia/Tokyo', devOutbox: true, secureCookies: false });
    expect(config.maintenanceWindow).toEqual({ start: 300, end: 420, label: '05:00-07:00' });
  });

  it('puts metrics on their own loopback listener, 0 turning it off, and bounds the drain', () => {
    expect(loadConfig({ ...keys })).toMatchObject({ metrics: { port: 9464, host: '127.0.0.1' }, shutdownDrainMs: 0 });
    expect(loadConfig({ ...keys, METRICS_PORT: '0' }).metrics.port).toBeUndefined();
    expect(loadConfig({ ...keys, METRICS_PORT: '9500', METRICS_HOST: '10.0.0.7', SHUTDOWN_DRAIN_MS: '3000' })).toMatchObject({
      metrics: { port: 9500, host: '10.0.0.7' }, shutdownDrainMs: 3000,
    });
    expect(() => loadConfig({ ...keys, METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be 0–65535/);
    expect(() => loadConfig({ ...keys, METRICS_HOST: 'metrics.example.jp' })).toThrow(/METRICS_HOST must be an IP address/);
    expect(() => loadConfig({ ...keys, SHUTDOWN_DRAIN_MS: '9000' })).toThrow(/SHUTDOWN_DRAIN_MS must be .* 0–5000/);
  });

  it('generates dev keys once and reuses them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'corpweb-')), 'dev-keys.json');
    const first = loadConfig({ NODE_ENV: 'development' }, { devKeyFile: file });
    const second = loadConfig({ NODE_ENV: 'development' }, { devKeyFile: file });
    expect(first.keys.pinKey.equals(second.keys.pinKey)).toBe(true);
    expect(first.keys.pinKey.length).toBe(32);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('OTP_KEY');
  });

  it('refuses to start in production without keys, with a message naming them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', WEB_ORIGIN: 'https://corp.example.jp', DEV_OUTBOX: 'false' })).toThrow(/PAN_ENCRYPTION_KEY, PAN_FINGERPRINT_KEY, PIN_KEY, OTP_KEY, AUDIT_KEY, AUDIT_SIGNING_KEY must be set/);
  });

  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ ...keys, PORT: 'x', MAINTENANCE_WINDOW: '5-7', PIN_KEY: 'short', SMTP_URL: 'http://x', TZ_BUSINESS: 'Mars/Base', DEV_OUTBOX: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'MAINTENANCE_WINDOW', 'PIN_KEY', 'SMTP_URL', 'TZ_BUSINESS', 'DEV_OUTBOX']) expect(message).toContain(name);
  });

  it('refuses identical keys and a dev outbox in production', () => {
    expect(() => loadConfig({ ...keys, PIN_KEY: keys.OTP_KEY })).toThrow(/must all differ/);
    expect(() => loadConfig({ ...keys, NODE_ENV: 'production', WEB_ORIGIN: 'https://corp.example.jp', DEV_OUTBOX: 'true' })).toThrow(/DEV_OUTBOX/);
  });

  it('fails closed on an unset NODE_ENV: production rules, no dev outbox, no generated keys, no API docs', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'corpweb-')), 'dev-keys.json');
    expect(() => loadConfig({ WEB_ORIGIN: 'https://corp.example.jp' }, { devKeyFile: file })).toThrow(/must be set in production/);
    expect(() => loadConfig({}, { devKeyFile: file })).toThrow(/WEB_ORIGIN must be https in production/);
    const config = loadConfig({ ...randomKeys(), WEB_ORIGIN: 'https://corp.example.jp', AUDIT_CHECKPOINT_DIR: '/var/lib/corpweb/audit', CONTACT_DESK_NAME: '法人カードデスク', CONTACT_DESK_PHONE: '0120-123-456', CONTACT_DESK_HOURS: '9:00〜17:00' });
    expect(config).toMatchObject({ env: 'production', devOutbox: false, apiDocs: false, localDevelopment: false, host: '0.0.0.0' });
    expect(loadConfig({ ...randomKeys(), WEB_ORIGIN: 'https://corp.example.jp', AUDIT_CHECKPOINT_DIR: '/var/lib/corpweb/audit', CONTACT_DESK_NAME: '法人カードデスク', CONTACT_DESK_PHONE: '0120-123-456', CONTACT_DESK_HOURS: '9:00〜17:00', API_DOCS: 'true' }).apiDocs).toBe(true);
  });

  it('development conveniences need a localhost origin: no dev outbox, no generated keys for a public one', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'corpweb-')), 'dev-keys.json');
    expect(() => loadConfig({ NODE_ENV: 'development', WEB_ORIGIN: 'https://corp.example.jp' }, { devKeyFile: file })).toThrow(/generated only for a localhost WEB_ORIGIN/);
    expect(() => loadConfig({ ...keys, WEB_ORIGIN: 'https://corp.example.jp', DEV_OUTBOX: 'true' })).toThrow(/DEV_OUTBOX needs a localhost WEB_ORIGIN/);
    expect(loadConfig({ ...keys, WEB_ORIGIN: 'https://corp.example.jp' })).toMatchObject({ devOutbox: false, localDevelopment: false });
    expect(loadConfig({ ...keys })).toMatchObject({ devOutbox: true, localDevelopment: true, host: '127.0.0.1' });
  });

  it('refuses weak keys in production: repeated bytes, a counting sequence, a pass phrase', () => {
    const production = { ...randomKeys(), NODE_ENV: 'production', WEB_ORIGIN: 'https://corp.example.jp', AUDIT_CHECKPOINT_DIR: '/var/lib/corpweb/audit', CONTACT_DESK_NAME: '法人カードデスク', CONTACT_DESK_PHONE: '0120-123-456', CONTACT_DESK_HOURS: '9:00〜17:00' };
    const sequence = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64');
    const phrase = Buffer.from('my-super-secret-pin-key-2026-abc').toString('base64');
    for (const weak of [Buffer.alloc(32, 7).toString('base64'), sequence, phrase]) {
      expect(() => loadConfig({ ...production, PIN_KEY: weak })).toThrow(/PIN_KEY is not random/);
    }
    expect(() => loadConfig(production)).not.toThrow();
  });

  it('TRUST_PROXY names the proxies or counts hops; "true" and bad addresses are refused', () => {
    expect(loadConfig({ ...keys }).trustProxy).toBe(false);
    expect(loadConfig({ ...keys, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...keys, TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,uniquelocal' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'uniquelocal']);
    for (const bad of ['true', '10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ ...keys, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be false, a hop count/);
    }
  });

  it('OUTBOX_POLL_MS is validated like the rest (was read unchecked: "abc" made the worker spin)', () => {
    expect(loadConfig({ ...keys }).outboxPollMs).toBe(1000);
    expect(loadConfig({ ...keys, OUTBOX_POLL_MS: '50' }).outboxPollMs).toBe(50);
    for (const bad of ['abc', '0', '-5', '2.5', '9999999']) {
      expect(() => loadConfig({ ...keys, OUTBOX_POLL_MS: bad })).toThrow(/OUTBOX_POLL_MS must be/);
    }
  });

  it('has an obvious placeholder contact desk outside production, and requires a real one in production', () => {
    expect(loadConfig({ ...keys }).contactDesk).toEqual({
      name: expect.stringContaining('開発用'), phone: '0120-000-000', hours: expect.any(String),
    });
    const desk = { CONTACT_DESK_NAME: '法人カードデスク', CONTACT_DESK_PHONE: '0120-123-456', CONTACT_DESK_HOURS: '9:00〜17:00(土・日・祝日休)' };
    expect(loadConfig({ ...keys, ...desk }).contactDesk).toEqual({ name: '法人カードデスク', phone: '0120-123-456', hours: '9:00〜17:00(土・日・祝日休)' });
    expect(() => loadConfig({ ...keys, NODE_ENV: 'production', WEB_ORIGIN: 'https://corp.example.jp', DEV_OUTBOX: 'false' })).toThrow(/CONTACT_DESK_NAME, CONTACT_DESK_PHONE and CONTACT_DESK_HOURS must be set/);
    expect(() => loadConfig({ ...keys, ...desk, CONTACT_DESK_PHONE: 'call us' })).toThrow(/CONTACT_DESK_PHONE must be a phone number/);
  });

  it('uses Secure cookies for any non-localhost origin', () => {
    expect(loadConfig({ ...keys, WEB_ORIGIN: 'https://corp.example.jp' }).secureCookies).toBe(true);
  });
});
