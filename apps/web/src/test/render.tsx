/**
 * Rendering for the web tests: the providers every page needs (antd's `App`, a fresh TanStack Query client with
 * no retries, and a memory router at `route`).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { App as AntdApp } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';

/** Options of `renderWithProviders`. */
export interface RenderOptions {
  /** The router's location (default `/`). */
  route?: string;
  /** A query client to share with the test (default: a fresh one). */
  queryClient?: QueryClient;
}

/** A query client for one test: no retries, nothing kept between tests. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: 0 }, mutations: { retry: false } } });
}

/** Renders `ui` inside the app's providers. */
export function renderWithProviders(ui: ReactElement, options: RenderOptions = {}): RenderResult {
  const client = options.queryClient ?? testQueryClient();
  return render(
    <AntdApp>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[options.route ?? '/']}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </AntdApp>,
  );
}
