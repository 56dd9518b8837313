import { describe, expect, it } from '@jest/globals';
import { markRaw } from 'vue';
import { createI18n } from 'vue-i18n';
import { compileMessage, mergeCompiled, precompile } from './precompile';

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

  it('lays a part over a tree: groups merge, messages are shared, the part wins, neither input changes', () => {
    const base = precompile({ titles: { top: 'トップ' }, header: { login: 'ログイン' } });
    const part = precompile({ titles: { member: 'マイページ', top: 'ホーム' }, dashboard: { title: 'マイページ' } });
    const baseBefore = JSON.stringify(base);
    const partBefore = JSON.stringify(part);
    const merged = mergeCompiled(base, part) as typeof base & typeof part;
    expect(Object.keys(merged).sort()).toEqual(['dashboard', 'header', 'titles']);
    expect(Object.keys(merged.titles).sort()).toEqual(['member', 'top']);
    expect(merged.titles.top).toBe(part.titles.top);
    expect(merged.header).toBe(base.header);
    expect(merged.dashboard.title).toBe(part.dashboard.title);
    expect([JSON.stringify(base), JSON.stringify(part)]).toEqual([baseBefore, partBefore]);
  });

  it('vue-i18n formats a merged raw tree set as a whole: the base\'s messages and the part\'s (how i18n/index.ts loads a part)', () => {
    type Global = { t: (key: string, values?: Record<string, unknown>) => string; setLocaleMessage: (locale: string, tree: never) => void; getLocaleMessage: (locale: string) => object };
    const i18n = createI18n({ legacy: false, locale: 'ja', missingWarn: false, fallbackWarn: false, messages: { ja: markRaw(precompile({ titles: { top: 'トップ' } })) as never } });
    const global = i18n.global as unknown as Global;
    expect(global.t('titles.member')).toBe('titles.member');
    global.setLocaleMessage('ja', markRaw(mergeCompiled(global.getLocaleMessage('ja'), precompile({ titles: { member: '{company} のマイページ' } }))) as never);
    expect(global.t('titles.member', { company: '株式会社サンプル' })).toBe('株式会社サンプル のマイページ');
    expect(global.t('titles.top')).toBe('トップ');
  });
});
