/**
 * The API as the web tests see it: `fetch` stubbed with a table of routes (`'GET /api/v1/users'` → an answer), so a
 * page runs through its real generated client, middleware and queries, and the test reads what the page sent.
 * Anything not in the table answers 404 `NOT_FOUND`. The real API is covered by the browser suite.
 */
import { vi } from 'vitest';

/** A JSON answer with `status`. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** One request the page sent: method, path, query string and JSON body. */
export interface Sent {
  method: string;
  path: string;
  search: string;
  body: unknown;
}

/** Stubs `fetch` with `routes` (`'<METHOD> <path>'` → answer); returns the list of what was sent, in order. */
export function serveApi(routes: Record<string, (sent: Sent) => Response | Promise<Response>>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request | string, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(input, window.location.origin), init);
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.text();
      const entry: Sent = {
        method: request.method,
        path: url.pathname,
        search: url.search,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      sent.push(entry);
      const route = routes[`${request.method} ${url.pathname}`];
      return route ? route(entry) : json(404, { statusCode: 404, code: 'NOT_FOUND', message: '不存在' });
    }),
  );
  return sent;
}
