// The SPA is built into dist/ and served by the API from the same origin; in development Vite proxies /api.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { dictionary } from '@zxcvbn-ts/language-common';
import { defineConfig, type Plugin } from 'vite';

const sharedTypes = (file: string) => fileURLToPath(new URL(`../../packages/shared-types/src/${file}`, import.meta.url));

/**
 * How many of @zxcvbn-ts/language-common's ~49 000 common passwords (most common first) the SPA's strength
 * chunk carries: 10 000 keep it under its 60 KB gzip budget (bench/web-size.mjs); the API checks them all.
 */
const SPA_COMMON_PASSWORDS = 10_000;

/** `virtual:common-passwords`: the head of the list as one newline-joined string (smaller than a JSON array). */
function commonPasswordsModule(): Plugin {
  const id = 'virtual:common-passwords';
  return {
    name: 'corpweb-common-passwords',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const words = (dictionary['passwords-common'] as string[]).slice(0, SPA_COMMON_PASSWORDS);
      return `export const commonPasswords = ${JSON.stringify(words.join('\n'))};`;
    },
  };
}

/**
 * Writes `x.br` and `x.gz` beside every text file of the build, for the API's @fastify/static to send as they
 * are (`preCompressed`): brotli at its highest quality costs seconds once at build time instead of CPU on every
 * request. Node's zlib does it; a plugin dependency would add nothing. A copy that is not smaller is not kept.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'corpweb-precompress',
    apply: 'build',
    configResolved: (config) => void (outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir)),
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(js|css|html|svg|json)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const raw = readFileSync(file);
        const brotli = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gzip = gzipSync(raw, { level: 9 });
        if (brotli.length < raw.length) writeFileSync(`${file}.br`, brotli);
        if (gzip.length < raw.length) writeFileSync(`${file}.gz`, gzip);
      }
    },
  };
}

export default defineConfig({
  plugins: [vue(), commonPasswordsModule(), precompress()],
  resolve: {
    alias: [
      // exact matches: the package ships TypeScript sources, which Vite compiles like our own
      { find: /^@corpweb\/shared-types$/, replacement: sharedTypes('index.ts') },
      { find: /^@corpweb\/shared-types\/password-strength-rule$/, replacement: sharedTypes('rules/password-strength-rule.ts') },
    ],
  },
  define: {
    // vue-i18n: no legacy API, no devtools hooks in production
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    // messages are precompiled by src/i18n/precompile.ts, so the runtime needs no compiler
    __INTLIFY_DROP_MESSAGE_COMPILER__: true,
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    target: 'es2022',
    // the size budget is checked on gzip output; see the README's bundle-size note
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // everything the entry imports statically (Vue, vue-i18n, the top page) in the entry's one file: Rolldown
            // otherwise splits vue-i18n and the preload helper into files of their own (top page 60.5 -> 58.4 KB gzip)
            { name: 'initial', tags: ['$initial'] },
            // code that only the member area runs, in one file instead of a dozen of about 1 KB: over HTTP/1.1's
            // six connections each small file is a round trip of its own on a phone (Lighthouse, /member)
            {
              name: 'member-area',
              // only the listed modules: their dependencies (Vue, vue-i18n, shared helpers) stay where they were
              includeDependenciesRecursively: false,
              test: /\/src\/(views\/member\/(MemberShell|DashboardView)\.vue|components\/EnrollmentChart\.vue|stores\/(member-session|company|dashboard|checkout-authentications|enrollment)\.ts|api\/member\.ts|composables\/useCountdown\.ts|utils\/acs-format\.ts)/,
            },
            // the small helpers every page behind the top page loads (API client, errors, dates, card and limit
            // rules): one file, not nine
            {
              name: 'page-kit',
              includeDependenciesRecursively: false,
              test: /\/(apps\/web\/src\/(api\/client|stores\/(loading|session-core)|components\/AlertMessage|composables\/useErrorMessages|utils\/format)|packages\/shared-types\/src\/(limits|rules\/(card|normalize)))\.(ts|vue)/,
            },
          ],
        },
      },
    },
  },
});
