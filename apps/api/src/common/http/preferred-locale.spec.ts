import { preferredLocale } from './preferred-locale.js';

describe('preferredLocale', () => {
  it.each([
    [undefined, 'ja'],
    ['', 'ja'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['ja', 'ja'],
    ['ja-JP,ja;q=0.9,en-US;q=0.8', 'ja'],
    ['en;q=0.5, ja;q=0.8', 'ja'],
    ['fr-FR, en;q=0.7, ja;q=0.3', 'en'],
    ['fr-FR', 'ja'],
    ['en;q=0, ja;q=0.1', 'ja'],
    ['EN-gb', 'en'],
  ] as const)('%s → %s', (header, expected) => {
    expect(preferredLocale(header)).toBe(expected);
  });
});
