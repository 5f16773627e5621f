import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Content-Security-Policy of the web app and the API (issue 11 item 5). The built web app (Vite + React +
 * antd 6) loads only its own hashed module scripts — `index.html` has no inline script — but antd's CSS-in-JS
 * injects `<style>` tags at run time, hence `style-src 'unsafe-inline'`; the negotiation room talks socket.io
 * to the same origin (`connect-src 'self' ws: wss:`); nothing may frame a page (`frame-ancestors 'none'`).
 * No `upgrade-insecure-requests`: the platform also runs on plain HTTP inside the department's network.
 */
export const APP_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'script-src-attr': ["'none'"],
  'upgrade-insecure-requests': null,
};

/**
 * The relaxed policy of Swagger UI at `/api/docs` only: its page carries inline `<style>` blocks and its icons
 * are `data:` images; its scripts are files of the same origin. Still never framed.
 */
export const DOCS_CSP_DIRECTIVES = {
  ...APP_CSP_DIRECTIVES,
  'img-src': ["'self'", 'data:'],
};

/** Where Swagger UI and its OpenAPI document are served (`configureApp`). */
export const DOCS_PATH = '/api/docs';

/**
 * Security headers on every HTTP answer (issue 11 item 5), by helmet: the CSP above (`DOCS_CSP_DIRECTIVES`
 * under `DOCS_PATH`), `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy:
 * no-referrer`, no `X-Powered-By`, and helmet's other defaults. Handlers may set a stricter CSP of their own
 * afterwards (attachment downloads: `default-src 'none'; sandbox`, `attachments/download.ts`).
 */
export function securityHeaders(): RequestHandler {
  const common = { xFrameOptions: { action: 'deny' as const }, xPoweredBy: true };
  const app = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: APP_CSP_DIRECTIVES } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP_DIRECTIVES } });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === DOCS_PATH || req.path.startsWith(`${DOCS_PATH}/`) || req.path.startsWith(`${DOCS_PATH}-`)
      ? docs
      : app)(req, res, next);
}
