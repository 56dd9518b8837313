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
    '^@corpweb/shared-types/(.*)$': '<rootDir>/../../packages/shared-types/src/$1.ts',
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
  ],
};

export default config;
