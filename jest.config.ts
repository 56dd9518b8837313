/** @jest-config-loader esbuild-register */
/**
 * One jest for every package. The code is ESM (NestJS 12 ships ESM only), so jest runs in native ESM mode
 * (`node --experimental-vm-modules`, see the root `test` script) and @swc/jest compiles TypeScript with
 * decorator metadata, keeping `import` statements as ESM.
 */
import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2023',
      keepClassNames: true,
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'es6' },
  },
] as [string, Record<string, unknown>];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@corpweb/shared-types$': '<rootDir>/../../packages/shared-types/src/index.ts',
    '^@corpweb/shared-types/password-strength$': '<rootDir>/../../packages/shared-types/src/rules/password-strength.ts',
    '^@corpweb/shared-types/password-strength-rule$': '<rootDir>/../../packages/shared-types/src/rules/password-strength-rule.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

const config: Config = {
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'shared-types',
      rootDir: 'packages/shared-types',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'api',
      rootDir: 'apps/api',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'web',
      rootDir: 'apps/web',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'demo-shop',
      rootDir: 'apps/demo-shop',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      // acs.e2e-spec.ts drives the real ACS on the run's MariaDB, migrated like the api project's
      globalSetup: '<rootDir>/../api/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/../api/test/support/global-teardown.ts',
    },
    {
      // the whole product in Debian's Chromium (playwright-core) against the built SPA + API on real MariaDB
      ...common,
      displayName: 'browser',
      rootDir: 'apps/web',
      testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/browser/global-teardown.ts',
    },
  ],
};

export default config;
