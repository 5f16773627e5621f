// ESLint flat config: typescript-eslint + the Nx module-boundary rule (ARCHITECTURE "Libraries").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

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
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
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
