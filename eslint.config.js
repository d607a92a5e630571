// Flat config. typecheck (tsc) catches type errors; ESLint adds the recommended rules and the one
// architectural boundary tsc cannot express: the domain core never reaches past the store port.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx', 'packages/*/vite.config.ts', 'packages/*/test/**/*.ts', 'packages/*/examples/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'];

const CORE_BOUNDARY =
  'The domain core (packages/server/src/core) talks only to the store port (store/store.ts) and plain ' +
  'libraries: no HTTP framework, database driver, node:http or node:sqlite, and nothing from http/ or routes/. ' +
  'Put transport and driver code in http/, routes/ or store/ and pass what the core needs in.';

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/data/**', 'bench/results/**', 'test-output/**'] },
  {
    files: TS_FILES,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // `_`-prefixed names are deliberately unused (ignored arguments, destructuring to omit a key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Drivers and parsed JSON hand us untyped data; `any` at those edges is a judgement call, not a bug.
      '@typescript-eslint/no-explicit-any': 'warn',
      // Empty callbacks such as pool.on('error', () => {}) are intentional.
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    // The SDK runs in browsers and edge runtimes too: web platform APIs only (fetch, Web Crypto), no Node.
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^node:', message: 'The SDK must run outside Node: use web platform APIs.' }] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'setImmediate'],
    },
  },
  {
    // Examples show a call and its result's shape; their variables are there to be read, not used.
    files: ['packages/sdk/examples/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    files: ['packages/server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['hono', 'pg', 'pg-pool', 'node:sqlite', 'node:http', 'node:http2', 'node:https', 'http', 'http2', 'https'].map((name) => ({
            name,
            message: CORE_BOUNDARY,
          })),
          patterns: [
            { group: ['hono/*', '@hono/*', 'pg/*'], message: CORE_BOUNDARY },
            // Relative imports that climb out of core/ into the transport layer, at any depth.
            { regex: '^(\\.\\./)+(http|routes)(/|$)', message: CORE_BOUNDARY },
          ],
        },
      ],
    },
  },
);
