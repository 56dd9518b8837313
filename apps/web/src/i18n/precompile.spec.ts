import { describe, expect, it } from '@jest/globals';
import { createI18n } from 'vue-i18n';
import { compileMessage, precompile } from './precompile';

describe('message precompiler', () => {
  it('compiles plain text to a static message', () => {
    expect(compileMessage('ログイン')).toEqual({ type: 0, body: { type: 2, items: [{ type: 3, value: 'ログイン' }], static: 'ログイン' } });
  });

  it('compiles named placeholders and literals', () => {
    expect(compileMessage("{company} さま {'@'} {n}")).toEqual({
      type: 0,
      body: {
        type: 2,
        items: [
          { type: 4, key: 'company' },
          { type: 3, value: ' さま ' },
          { type: 9, value: '@' },
          { type: 3, value: ' ' },
          { type: 4, key: 'n' },
        ],
      },
    });
  });

  it.each(['a | b', 'mail@example', '{unclosed', 'stray }', '{0}'])('refuses syntax it does not support: %s', (source) => {
    expect(() => compileMessage(source)).toThrow(SyntaxError);
  });

  it('renders through vue-i18n exactly like the string messages would', () => {
    const messages = { greet: '{company} さま', email: "taro{'@'}example.co.jp", nested: { plain: '完了' } };
    type Translate = (key: string, values?: Record<string, unknown>) => string;
    const i18n = createI18n({ legacy: false, locale: 'ja', messages: { ja: precompile(messages) as never } }) as unknown as { global: { t: Translate } };
    const { t } = i18n.global;
    expect(t('greet', { company: '株式会社サンプル' })).toBe('株式会社サンプル さま');
    expect(t('email')).toBe('taro@example.co.jp');
    expect(t('nested.plain')).toBe('完了');
  });
});
