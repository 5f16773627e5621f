/**
 * HTTP client of the API (`/api/v1`, same origin), one import for the whole app: the transport (`./core`:
 * `ApiError`, `requestJson`, token refresh) and the endpoint functions, one module per area.
 */
export * from './core';
export * from './board';
export * from './identity';
export * from './organizations';
export * from './pipeline';
export * from './applications';
export * from './attachments';
export * from './negotiations';
