import { checkPasswordRules, type PasswordContext } from './password.js';

const STRONG = 'Kx7#mQ2v!Lp9';

const context: PasswordContext = {
  secureId: 'tanaka.taro',
  loginId: 'acme-admin',
  cardNumber: '3566 0020 2036 0505',
  phone: '+819031415926',
};

describe('checkPasswordRules', () => {
  it('accepts a strong password, with and without context', () => {
    expect(checkPasswordRules(STRONG, context)).toEqual([]);
    expect(checkPasswordRules(STRONG)).toEqual([]);
  });

  describe('length 8–64', () => {
    it('rejects 7 characters', () => {
      expect(checkPasswordRules('Kx7#mQ2')).toEqual(['PASSWORD_TOO_SHORT']);
    });
    it('accepts 8 characters', () => {
      expect(checkPasswordRules('Kx7#mQ2v')).toEqual([]);
    });
    it('accepts 64 characters', () => {
      const at64 = 'Kx7#mQ2v'.repeat(8);
      expect(at64).toHaveLength(64);
      expect(checkPasswordRules(at64)).toEqual([]);
    });
    it('rejects 65 characters', () => {
      expect(checkPasswordRules(`${'Kx7#mQ2v'.repeat(8)}!`)).toEqual(['PASSWORD_TOO_LONG']);
    });
    it('rejects an empty password', () => {
      expect(checkPasswordRules('')).toEqual(['PASSWORD_TOO_SHORT']);
    });
  });

  describe('printable ASCII only', () => {
    it('accepts a space', () => {
      expect(checkPasswordRules('Kx7# mQ2v')).toEqual([]);
    });
    it.each([
      ['hiragana', 'Kx7#mQ2vあ'],
      ['full-width characters', 'Ｋｘ７＃ｍＱ２ｖ'],
      ['a tab', 'Kx7#\tmQ2v'],
      ['a newline', 'Kx7#mQ2v\n'],
      ['an emoji', 'Kx7#mQ2v🔑'],
    ])('rejects %s', (_what, password) => {
      expect(checkPasswordRules(password)).toEqual(['PASSWORD_INVALID_CHARACTERS']);
    });
  });

  describe('4+ identical characters in a row', () => {
    it.each(['Kx7#zzzzQ2v', 'Kx7#1111Q2v', 'Kx7#!!!!Q2v', 'Kx7#aAaAQ2v'])('rejects %s', (password) => {
      expect(checkPasswordRules(password)).toEqual(['PASSWORD_REPEATED_CHARACTERS']);
    });
    it('accepts three in a row', () => {
      expect(checkPasswordRules('Kx7#zzzQ2v')).toEqual([]);
    });
  });

  describe('4+ sequential characters', () => {
    it.each(['Kx#1234Qv!', 'Kx#4321Qv!', 'Kx#abcdQv!', 'Kx#DCBAQv!', 'Kx#aBcDQv!', 'Kx#6789Qv!', 'Kx#wxyzQv!'])(
      'rejects %s',
      (password) => {
        expect(checkPasswordRules(password)).toEqual(['PASSWORD_SEQUENTIAL_CHARACTERS']);
      },
    );
    it.each(['Kx#123Qv!Lp', 'Kx#1357Qv!', 'Kx#89:;Qv!', 'Kx#abceQv!', 'Kx#9012Qv!'])('accepts %s', (password) => {
      expect(checkPasswordRules(password)).toEqual([]);
    });
  });

  describe('secure ID and login ID', () => {
    it('rejects the secure ID inside the password, case-insensitively', () => {
      expect(checkPasswordRules('Xx9#TANAKA.TARO', context)).toEqual(['PASSWORD_CONTAINS_SECURE_ID']);
    });
    it('rejects the login ID inside the password, case-insensitively', () => {
      expect(checkPasswordRules('7Qz!Acme-Admin', context)).toEqual(['PASSWORD_CONTAINS_LOGIN_ID']);
    });
    it('ignores empty context values', () => {
      expect(checkPasswordRules(STRONG, { secureId: '', loginId: '', cardNumber: '', phone: '' })).toEqual([]);
    });
  });

  describe('card and phone digits', () => {
    it('rejects four consecutive digits of the card number', () => {
      expect(checkPasswordRules('Jk#7xq0360Zw', context)).toEqual(['PASSWORD_CONTAINS_CARD_DIGITS']);
    });
    it('accepts four card digits that are not consecutive in the card number', () => {
      expect(checkPasswordRules('Jk#7xq0630Zw', context)).toEqual([]);
    });
    it('reads a card number typed full-width', () => {
      expect(checkPasswordRules('Jk#7xq0360Zw', { cardNumber: '３５６６－００２０－２０３６－０５０５' })).toEqual([
        'PASSWORD_CONTAINS_CARD_DIGITS',
      ]);
    });
    it('rejects four consecutive digits of an E.164 phone number', () => {
      expect(checkPasswordRules('Tr#4159mQx!z', context)).toEqual(['PASSWORD_CONTAINS_PHONE_DIGITS']);
    });
    it('compares the phone in national form, including the trunk 0', () => {
      expect(checkPasswordRules('Xy#0903bQ!z', context)).toEqual(['PASSWORD_CONTAINS_PHONE_DIGITS']);
      expect(checkPasswordRules('Xy#8190bQ!z', context)).toEqual([]);
    });
    it('accepts a phone given in national form', () => {
      expect(checkPasswordRules('Tr#4159mQx!z', { phone: '090-3141-5926' })).toEqual([
        'PASSWORD_CONTAINS_PHONE_DIGITS',
      ]);
    });
  });

  describe('date-like 8-digit runs', () => {
    it.each(['Mq#19900115x', 'Mq#20240229x', 'x20011231!Qm', 'Q!m119850704'])('rejects %s', (password) => {
      expect(checkPasswordRules(password)).toEqual(['PASSWORD_CONTAINS_DATE']);
    });
    it.each([
      ['a 13th month', 'Mq#19901315x'],
      ['30 February', 'Mq#20230230x'],
      ['29 February of a common year', 'Mq#20230229x'],
      ['day 00', 'Mq#19900100x'],
      ['a year outside 1900–2099', 'Mq#18990115x'],
      ['only seven digits', 'Mq#1990011x'],
    ])('accepts %s', (_what, password) => {
      expect(checkPasswordRules(password)).toEqual([]);
    });
  });

  it('reports every broken rule, not only the first', () => {
    expect(checkPasswordRules('1234', context)).toEqual(['PASSWORD_TOO_SHORT', 'PASSWORD_SEQUENTIAL_CHARACTERS']);
    expect(checkPasswordRules('aaaa1234', context)).toEqual([
      'PASSWORD_REPEATED_CHARACTERS',
      'PASSWORD_SEQUENTIAL_CHARACTERS',
    ]);
    expect(checkPasswordRules('tanaka.taro0360acme-admin19900115', context)).toEqual([
      'PASSWORD_CONTAINS_SECURE_ID',
      'PASSWORD_CONTAINS_LOGIN_ID',
      'PASSWORD_CONTAINS_CARD_DIGITS',
      'PASSWORD_CONTAINS_DATE',
    ]);
  });
});
