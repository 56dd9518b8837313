import { describe, expect, it } from '@jest/globals';
import { formatAcsAmount, ruleKey, transStatusChip } from './acs-format';

describe('ACS display helpers', () => {
  it('formats minor units in their currency, and says so when the currency is unknown', () => {
    expect(formatAcsAmount({ value: '12800', currency: '392', exponent: 0 }, 'ja')).toBe('￥12,800');
    expect(formatAcsAmount({ value: '1999', currency: '840', exponent: 2 }, 'en')).toBe('US$19.99');
    expect(formatAcsAmount({ value: '500', currency: '999', exponent: 0 }, 'ja')).toBe('500 (999)');
    expect(formatAcsAmount(undefined, 'ja')).toBe('—');
  });

  it('colours results and names rules', () => {
    expect(transStatusChip('Y')).toBe('chip-ok');
    expect(transStatusChip('C')).toBe('chip-warn');
    expect(transStatusChip('R')).toBe('chip-error');
    expect(ruleKey('velocity-per-card')).toBe('velocityPerCard');
  });
});
