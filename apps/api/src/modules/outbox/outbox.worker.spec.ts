import { MAX_ATTEMPTS, retryDelaySeconds } from './outbox.worker.js';

describe('outbox retry schedule', () => {
  it('backs off exponentially and caps at 10 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([2, 4, 8, 16]);
    expect(retryDelaySeconds(20)).toBe(600);
  });
  it('keeps retrying for over half an hour before giving up', () => {
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(30 * 60);
  });
});
