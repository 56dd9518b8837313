import { describe, expect, it } from '@jest/globals';
import { appendMacValid, newAppendMac } from './audit-chain.js';
import { monthsBefore } from './audit-retention.service.js';

const key = Buffer.alloc(32, 9);
const event = {
  occurred_at: new Date('2026-11-25T03:00:00.000Z'), actor_type: 'STAFF', actor_id: '1', action: 'APPLICATION_APPROVED',
  target_type: 'APPLICATION', target_id: '7', ip: '192.0.2.1', user_agent: 'ua', detail: null,
};

describe('the append MAC of an unsealed event', () => {
  it('verifies for the event it was made for, and for no edit of it', () => {
    const mac = newAppendMac(key, 'a1', event);
    expect(appendMacValid(key, 'a1', { ...event, append_mac: mac })).toBe(true);
    expect(appendMacValid(key, 'a1', { ...event, actor_id: '2', append_mac: mac })).toBe(false);
    expect(appendMacValid(key, 'a2', { ...event, append_mac: mac })).toBe(false);
    expect(appendMacValid(Buffer.alloc(32, 8), 'a1', { ...event, append_mac: mac })).toBe(false);
    expect(appendMacValid(key, 'a1', { ...event, append_mac: null })).toBe(false);
  });

  it('differs for two identical events (the nonce), so the UNIQUE key refuses only copies', () => {
    expect(newAppendMac(key, 'a1', event).equals(newAppendMac(key, 'a1', event))).toBe(false);
  });
});

describe('the retention cut-off', () => {
  it('is the same day 12 calendar months earlier, or the end of a shorter month', () => {
    expect(monthsBefore(new Date('2026-11-25T03:00:00.000Z'), 12).toISOString()).toBe('2025-11-25T03:00:00.000Z');
    expect(monthsBefore(new Date('2028-02-29T00:00:00.000Z'), 12).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T00:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
