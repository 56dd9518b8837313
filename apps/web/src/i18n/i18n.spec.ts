/**
 * Message completeness: every API error code has a message in both languages (no raw code reaches a
 * person), both languages have exactly the same keys and placeholders, every message compiles, and every
 * key the source code asks for exists.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, FieldErrorCodes } from '@corpweb/shared-types';
import en from './en';
import enPages from './en-pages';
import ja from './ja';
import jaPages from './ja-pages';
import { compileMessage } from './precompile';

type Tree = { [key: string]: string | Tree };

function merge(a: object, b: object): Tree {
  const out: Tree = { ...(a as Tree) };
  for (const [key, value] of Object.entries(b as Tree)) {
    const existing = out[key];
    out[key] = typeof existing === 'object' && typeof value === 'object' ? merge(existing, value) : value;
  }
  return out;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function lookup(tree: Tree, path: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return node;
}

const placeholders = (message: string) => [...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)].map((m) => m[1]).sort();

const locales = { ja: merge(ja, jaPages), en: merge(en, enPages) };
const flat = { ja: flatten(locales.ja), en: flatten(locales.en) };

describe('messages', () => {
  it.each(['ja', 'en'] as const)('%s has a non-empty message for every ErrorCode', (locale) => {
    for (const code of Object.values(ErrorCodes)) {
      expect([code, flat[locale].get(`errors.code.${code}`)?.trim()]).toEqual([code, expect.any(String)]);
      expect(flat[locale].get(`errors.code.${code}`)).not.toBe('');
    }
  });

  it.each(['ja', 'en'] as const)('%s has a non-empty message for every FieldErrorCode', (locale) => {
    for (const code of Object.values(FieldErrorCodes)) {
      expect([code, flat[locale].get(`errors.field.${code}`)?.trim()]).toEqual([code, expect.any(String)]);
      expect(flat[locale].get(`errors.field.${code}`)).not.toBe('');
    }
  });

  it('no message shows a raw error code', () => {
    const codes = new Set<string>([...Object.values(ErrorCodes), ...Object.values(FieldErrorCodes)]);
    for (const locale of ['ja', 'en'] as const) {
      for (const [key, message] of flat[locale]) {
        if (key === 'boImport.columns') continue;
        for (const word of message.split(/[^A-Z_]+/)) expect([key, codes.has(word) && word.includes('_')]).toEqual([key, false]);
      }
    }
  });

  it('ja and en have the same keys', () => {
    expect([...flat.en.keys()].sort()).toEqual([...flat.ja.keys()].sort());
  });

  it('ja and en use the same placeholders in each message', () => {
    for (const [key, message] of flat.ja) {
      expect([key, placeholders(flat.en.get(key) ?? '')]).toEqual([key, placeholders(message)]);
    }
  });

  it('every message compiles with the runtime-only message format', () => {
    for (const locale of ['ja', 'en'] as const) {
      for (const [key, message] of flat[locale]) {
        expect(() => compileMessage(message)).not.toThrow();
        expect([key, message.trim().length > 0]).toEqual([key, true]);
      }
    }
  });

  it('the first download (ja.ts) holds only the site frame and top page', () => {
    expect(Object.keys(ja).sort()).toEqual(['app', 'footer', 'header', 'languages', 'titles', 'top']);
  });
});

describe('keys used by the source', () => {
  const srcDir = fileURLToPath(new URL('..', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(vue|ts)$/.test(name) && !name.endsWith('.spec.ts') && !path.includes(`${join('src', 'i18n')}`)) files.push(path);
    }
  };
  walk(srcDir);
  const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('every literal t() key exists in ja', () => {
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const match of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.]+)'/g)) {
        if (typeof lookup(locales.ja, match[1]!) !== 'string') missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every template t() key has a message group for its static prefix', () => {
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const match of text.matchAll(/\bt\(\s*`([A-Za-z0-9_.]+)\.\$\{/g)) {
        if (typeof lookup(locales.ja, match[1]!) !== 'object') missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
