import { loadConfig } from './config/app-config.js';
import { startupBanner } from './startup-banner.js';

const keys = {
  PAN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PAN_FINGERPRINT_KEY: Buffer.alloc(32, 2).toString('base64'),
  PIN_KEY: Buffer.alloc(32, 3).toString('base64'),
  OTP_KEY: Buffer.alloc(32, 4).toString('base64'),
};

describe('pnpm start banner', () => {
  it('says so when the API is inside the maintenance window', () => {
    const config = loadConfig({ NODE_ENV: 'development', ...keys });
    const text = startupBanner(config, 0, new Date('2026-11-24T20:30:00.000Z')).join('\n'); // 05:30 JST
    expect(text).toContain('MAINTENANCE WINDOW NOW (05:00-07:00 Asia/Tokyo)');
    expect(text).toContain('503 MAINTENANCE for 90 more minutes');
    expect(text).toContain('MAINTENANCE_WINDOW=');
  });

  it('only mentions the window outside it, and nothing when it is disabled', () => {
    const noon = new Date('2026-11-25T03:00:00.000Z');
    const text = startupBanner(loadConfig({ NODE_ENV: 'development', ...keys }), 0, noon).join('\n');
    expect(text).not.toContain('NOW');
    expect(text).toContain('maintenance window:        daily 05:00-07:00');
    expect(startupBanner(loadConfig({ NODE_ENV: 'development', ...keys, MAINTENANCE_WINDOW: '' }), 0, noon).join('\n')).not.toContain('maintenance window');
  });

  it('links the OpenAPI JSON document', () => {
    expect(startupBanner(loadConfig({ NODE_ENV: 'development', ...keys }), 2, new Date()).join('\n')).toContain('/api/docs/openapi.json');
  });

  it('prints the supervisor password only while it logs in: a database kept from another clone has another', () => {
    const config = loadConfig({ NODE_ENV: 'development', ...keys, INITIAL_STAFF_LOGIN_ID: 'admin', INITIAL_STAFF_PASSWORD: 'Dev-Banner-Check#7' });
    const noon = new Date('2026-11-25T03:00:00.000Z');
    for (const logsIn of [true, undefined]) expect(startupBanner(config, 0, noon, logsIn).join('\n')).toContain('(ID admin / password Dev-Banner-Check#7)');
    const stale = startupBanner(config, 0, noon, false).join('\n');
    expect(stale).not.toContain('Dev-Banner-Check#7');
    expect(stale).toContain('(ID admin: this database\'s supervisor has another password than .data/dev-staff.json\'s; drop the database to start afresh)');
  });
});
