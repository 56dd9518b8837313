// The SPA is built into dist/ and served by the API from the same origin; in development Vite proxies /api.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const sharedTypes = (file: string) => fileURLToPath(new URL(`../../packages/shared-types/src/${file}`, import.meta.url));

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: [
      // exact matches: the package ships TypeScript sources, which Vite compiles like our own
      { find: /^@corpweb\/shared-types$/, replacement: sharedTypes('index.ts') },
      { find: /^@corpweb\/shared-types\/password-strength$/, replacement: sharedTypes('rules/password-strength.ts') },
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
  },
});
