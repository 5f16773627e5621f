/**
 * Vite config of the public web front end (`apps/web`).
 * Builds into `dist/web`; in dev, `/api` and `/socket.io` are proxied to the NestJS API on port 3000.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { decoratorShims } from './decorator-shims.mts';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '../..');

export default defineConfig({
  root: webRoot,
  // class-validator / class-transformer become no-op decorators in the browser (see decorator-shims.mts).
  plugins: [react(), decoratorShims(repoRoot)],
  resolve: {
    alias: {
      '@jiebang/contracts': path.resolve(repoRoot, 'libs/contracts/src/index.ts'),
    },
  },
  // `@jiebang/contracts` also holds class-validator DTOs: compile their TS legacy decorators
  // (the tsconfig has `experimentalDecorators`); the browser needs no decorator metadata (the decorators are shims).
  oxc: {
    decorator: { legacy: true, emitDecoratorMetadata: false },
  },
  build: {
    outDir: path.resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
      // The negotiation room's socket.io (WebSocket transport only).
      '/socket.io': { target: 'http://localhost:3000', changeOrigin: true, ws: true },
    },
  },
});
