import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DemoDisabled, loadDemoConfig } from './config.js';

describe('loadDemoConfig', () => {
  it('has development defaults', () => {
    const config = loadDemoConfig({});
    expect(config).toMatchObject({ port: 3002, publicUrl: 'http://localhost:3002', acsPublicUrl: 'http://localhost:3001' });
    expect(config.acsVerifyToken()).toBeUndefined();
  });

  it('reads DEMO_PORT, DEMO_PUBLIC_URL, ACS_PUBLIC_URL and ACS_VERIFY_TOKEN', () => {
    const config = loadDemoConfig({
      DEMO: 'true', DEMO_PORT: '4002', ACS_PUBLIC_URL: 'https://acs.example.test/', ACS_VERIFY_TOKEN: 'secret',
    });
    expect(config).toMatchObject({ port: 4002, publicUrl: 'http://localhost:4002', acsPublicUrl: 'https://acs.example.test' });
    expect(config.acsVerifyToken()).toBe('secret');
    expect(loadDemoConfig({ DEMO_PUBLIC_URL: 'http://shop.test:8080' }).publicUrl).toBe('http://shop.test:8080');
  });

  it('reads the token the ACS wrote to .data/dev-keys.json when it is needed, not only at start', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'demo-shop-')), 'dev-keys.json');
    const config = loadDemoConfig({}, { devKeyFile: file });
    expect(config.acsVerifyToken()).toBeUndefined();
    writeFileSync(file, JSON.stringify({ PIN_KEY: 'x', ACS_VERIFY_TOKEN: 'from-the-acs' }));
    expect(config.acsVerifyToken()).toBe('from-the-acs');
    expect(loadDemoConfig({ ACS_VERIFY_TOKEN: 'env wins' }, { devKeyFile: file }).acsVerifyToken()).toBe('env wins');
  });

  it('is off with DEMO=false and refuses production', () => {
    expect(() => loadDemoConfig({ DEMO: 'false' })).toThrow(DemoDisabled);
    expect(() => loadDemoConfig({ DEMO: 'false', NODE_ENV: 'production' })).toThrow(DemoDisabled);
    expect(() => loadDemoConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadDemoConfig({ NODE_ENV: 'production', DEMO: 'true' })).toThrow(ConfigError);
  });

  it.each([
    [{ DEMO: 'yes' }, 'DEMO must be true or false'],
    [{ DEMO_PORT: '70000' }, 'DEMO_PORT'],
    [{ DEMO_PORT: 'abc' }, 'DEMO_PORT'],
    [{ ACS_PUBLIC_URL: 'ftp://acs' }, 'ACS_PUBLIC_URL'],
    [{ DEMO_PUBLIC_URL: 'not a url' }, 'DEMO_PUBLIC_URL'],
  ])('stops on a bad value %j', (env, message) => {
    expect(() => loadDemoConfig(env)).toThrow(message);
  });
});
