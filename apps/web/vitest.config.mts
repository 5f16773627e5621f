/**
 * Vitest config of the web front end (`npm run test:web`): the tests beside the code (`src/**\/*.test.ts(x)`), in
 * jsdom, with the same resolution as the build (`vite.config.mts`: the `@jiebang/*` sources, class-validator and
 * class-transformer as no-op decorators, legacy decorators compiled). jest never sees these files: its projects
 * match `*.spec.ts` under libs/ and apps/api/src and `*.e2e-spec.ts` under test/ only.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { decoratorShims } from './decorator-shims.mts';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '../..');

export default defineConfig({
  root: webRoot,
  plugins: [react(), decoratorShims(repoRoot)],
  resolve: {
    alias: {
      '@jiebang/contracts': path.resolve(repoRoot, 'libs/contracts/src/index.ts'),
      '@jiebang/policy': path.resolve(repoRoot, 'libs/policy/src/index.ts'),
    },
  },
  oxc: {
    decorator: { legacy: true, emitDecoratorMetadata: false },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    // antd renders slowly in jsdom on a shared 2-core machine.
    testTimeout: 60000,
  },
});
