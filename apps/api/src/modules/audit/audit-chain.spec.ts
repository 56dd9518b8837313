import { describe, expect, it } from '@jest/globals';
import { appendMacValid, auditMac, newAppendMac } from './audit-chain.js';
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

describe('the chain MAC of a sealed event', () => {
  // the hashes of events sealed by earlier releases: a change to what the MAC covers, or how, breaks every chain
  const prev = Buffer.alloc(32, 5);
  it('is HMAC-SHA256 over the key id, the previous hash and the JSON of chain, seq and content, as sealed before', () => {
    expect(auditMac(key, 'a1', prev, { ...event, chain: 3, seq: 42 }).toString('hex')).toBe('d8b08899924d3cd58e0f9223ad6fca7d44629805328dfa69a39752436ab5bd98');
    expect(auditMac(key, 'a1', prev, { ...event, chain: 3, seq: '42', detail: '{"note":"受付 \\"x\\""}' }).toString('hex'))
      .toBe('1a1211249fe56ec225022b80e878638eec211826ab32c03ef5b1ab1fc7d24bca');
  });
});

describe('the retention cut-off', () => {
  it('is the same day 12 calendar months earlier, or the end of a shorter month', () => {
    expect(monthsBefore(new Date('2026-11-25T03:00:00.000Z'), 12).toISOString()).toBe('2025-11-25T03:00:00.000Z');
    expect(monthsBefore(new Date('2028-02-29T00:00:00.000Z'), 12).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T00:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
