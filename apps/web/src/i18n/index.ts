/**
 * vue-i18n in composition mode. Japanese is the default. The first download carries only the site frame's
 * and the top page's messages (ja.ts); the rest (ja-pages.ts) is loaded before the first navigation to any
 * other page, and English (en.ts + en-pages.ts) when a person switches to it. The choice is kept in
 * localStorage and mirrored in <html lang>.
 */
import { markRaw } from 'vue';
import { createI18n, type I18n } from 'vue-i18n';
import ja from './ja';
import { mergeCompiled, precompile } from './precompile';
import type { CoreMessages, MessageSchema, PageMessages } from './schema';

export type { CoreMessages, MessageSchema, PageMessages };

export const SUPPORTED_LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

const STORAGE_KEY = 'corpweb.locale';

/** Typed loosely on purpose: key checking is done by i18n.spec.ts, which is cheaper than deep generic types. */
export const i18n: I18n<Record<string, never>, Record<string, never>, Record<string, never>, Locale, false> = createI18n({
  legacy: false,
  locale: 'ja',
  fallbackLocale: 'ja',
  // vue-i18n accepts precompiled messages (AST) in place of strings. Each locale's tree is kept raw: messages
  // change only as whole trees (loadPart), so a reactive proxy over every node would only add a tracked read
  // per node to every t()
  messages: { ja: markRaw(precompile(ja)) } as never,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function savedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'ja';
  } catch {
    return 'ja';
  }
}

const loaders: Record<Locale, { core: () => Promise<CoreMessages>; pages: () => Promise<PageMessages> }> = {
  ja: { core: async () => ja, pages: async () => (await import('./ja-pages')).default },
  en: { core: async () => (await import('./en')).default, pages: async () => (await import('./en-pages')).default },
};

const loaded = { core: new Set<Locale>(['ja']), pages: new Set<Locale>() };
let pagesWanted = false;

async function loadPart(locale: Locale, part: 'core' | 'pages'): Promise<void> {
  if (loaded[part].has(locale)) return;
  const messages = await loaders[locale][part]();
  // a new tree, set as a whole: the store's change of this locale is what re-renders the pages using it
  i18n.global.setLocaleMessage(locale, markRaw(mergeCompiled(i18n.global.getLocaleMessage(locale), precompile(messages))) as never);
  loaded[part].add(locale);
}

/** Loads the page messages of the current language (and Japanese, the fallback). Called by the router. */
export async function loadPageMessages(): Promise<void> {
  pagesWanted = true;
  const locale = i18n.global.locale.value as Locale;
  await Promise.all([loadPart('ja', 'pages'), loadPart(locale, 'pages')]);
}

export async function setLocale(locale: Locale): Promise<void> {
  await loadPart(locale, 'core');
  if (pagesWanted) await loadPart(locale, 'pages');
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private browsing: the choice lasts for this page only
  }
}
