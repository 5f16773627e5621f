/**
 * Rendering for the web tests: the providers every page needs (antd's `App`, a fresh TanStack Query client with
 * no retries, and a memory router at `route`), and the session of a signed-in `user` when one is given.
 */
import type { CurrentUser } from '@jiebang/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { App as AntdApp } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../auth/AuthContext';

/** Options of `renderWithProviders`. */
export interface RenderOptions {
  /** The router's location (default `/`). */
  route?: string;
  /** A query client to share with the test (default: a fresh one). */
  queryClient?: QueryClient;
  /** Signed in as this user (the app's session context, with login and logout as mocks). */
  user?: CurrentUser;
}

/** A query client for one test: no retries, nothing kept between tests. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: 0 }, mutations: { retry: false } } });
}

/** Renders `ui` inside the app's providers. */
export function renderWithProviders(ui: ReactElement, options: RenderOptions = {}): RenderResult {
  const client = options.queryClient ?? testQueryClient();
  const session: AuthContextValue | undefined = options.user && {
    status: 'authenticated',
    user: options.user,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  const page = session ? <AuthContext.Provider value={session}>{ui}</AuthContext.Provider> : ui;
  return render(
    <AntdApp>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[options.route ?? '/']}>{page}</MemoryRouter>
      </QueryClientProvider>
    </AntdApp>,
  );
}
