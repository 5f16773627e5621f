// ESLint flat config: typescript-eslint (with the type-aware promise rules), React hooks for the web, and the Nx
// module-boundary rule (ARCHITECTURE "Libraries").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

const tsconfigRootDir = import.meta.dirname;

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**', 'test/artifacts/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['*.js', '*.cjs', 'docker/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          // The libs are never bundled apart (path aliases to their sources), so the api's generated Swagger
          // metadata (apps/api/generated/openapi-metadata.ts) may import contracts lazily while the rest imports it statically.
          checkDynamicDependenciesExceptions: ['@jiebang/*'],
          // Every constraint whose tag a project carries applies (ARCHITECTURE "Libraries", column "may import").
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'domain:policy', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'domain:matching', onlyDependOnLibsWithTags: ['type:contracts', 'domain:policy'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:contracts', 'domain:policy'] },
          ],
        },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error (an unhandled rejection, a write that is not
    // waited for). One program per tsconfig: the libs' own, tsconfig.spec.json for the api, test/ and bench/,
    // the web's.
    files: [
      'libs/*/src/**/*.ts',
      'apps/api/src/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'apps/web/src/**/*.ts',
      'apps/web/src/**/*.tsx',
    ],
    languageOptions: {
      parserOptions: {
        tsconfigRootDir,
        project: ['libs/*/tsconfig.json', 'tsconfig.spec.json', 'apps/web/tsconfig.json'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // React hooks (and the React Compiler's rules of React) for the web.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // libs/* are pure: no Nest, no TypeORM, no database or HTTP clients, never the apps.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'meilisearch', 'bullmq', 'ioredis', 'express'],
              message: 'libs/* must stay free of frameworks and I/O (ARCHITECTURE "Libraries").',
            },
            { group: ['**/apps/**'], message: 'libs/* never import the apps.' },
          ],
        },
      ],
    },
  },
  {
    // contracts is imported by the browser too: only class-validator / class-transformer.
    files: ['libs/policy/**/*.ts', 'libs/matching/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'meilisearch',
                'bullmq',
                'ioredis',
                'express',
                'class-validator',
                'class-transformer',
              ],
              message: 'policy and matching are pure domain code.',
            },
            { group: ['**/apps/**'], message: 'libs/* never import the apps.' },
          ],
        },
      ],
    },
  },
);
