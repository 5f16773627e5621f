import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { bootApp } from '../helpers/app';
import {
  contractGaps,
  OPENAPI_JSON,
  PLUGIN_METADATA,
  renderDocument,
  renderPluginMetadata,
  renderTypes,
  RouteShape,
  routeShapes,
  SCHEMA_TYPES,
} from '../helpers/openapi';

/** `OPENAPI_UPDATE=1` (what `npm run openapi` sets) rewrites the committed document and types before checking. */
const UPDATE = process.env.OPENAPI_UPDATE === '1';

/**
 * The OpenAPI document is the contract (issue 12 item 1): every operation of the running app has its request
 * schema (body, query) and a 2xx response schema, 4xx answers reference the one `ErrorBodyDto`; the committed
 * `libs/contracts/openapi.json` is the live document and `apps/web/generated/openapi-schema.d.ts` is what openapi-typescript
 * generates from it (drift fails here; `npm run openapi` regenerates both).
 */
describe('openapi: the document at /api/docs-json is the complete, committed contract', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  let routes: RouteShape[];

  beforeAll(async () => {
    app = await bootApp('openapi');
    const res = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    doc = res.body as OpenAPIObject;
    routes = routeShapes(app);
    if (UPDATE) {
      writeFileSync(OPENAPI_JSON, renderDocument(doc));
      writeFileSync(SCHEMA_TYPES, renderTypes(doc));
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it('has every route, with request and 2xx response schemas', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(contractGaps(doc, routes)).toEqual([]);
  });

  it('fails for an operation without its schemas (the check can fail)', () => {
    const broken = structuredClone(doc);
    const login = broken.paths['/api/v1/auth/login'].post!;
    delete login.requestBody;
    login.responses = { '200': { description: 'ok' } };
    const synthetic: RouteShape = {
      method: 'get',
      path: '/api/v1/synthetic',
      handler: 'X.y',
      takesBody: false,
      takesQuery: true,
    };
    broken.paths['/api/v1/synthetic'] = { get: { responses: { '200': { description: 'ok' } } } };
    expect(contractGaps(broken, [...routes, synthetic])).toEqual([
      'POST /api/v1/auth/login (AuthController.login): no request body schema',
      'POST /api/v1/auth/login (AuthController.login): no 2xx response schema',
      'GET /api/v1/synthetic (X.y): no query parameters',
      'GET /api/v1/synthetic (X.y): no 2xx response schema',
    ]);
    expect(contractGaps(doc, [{ ...synthetic, path: '/api/v1/nowhere' }])).toEqual([
      'GET /api/v1/nowhere (X.y): not in the document',
    ]);
  });

  it('answers every 4xx with the one ErrorBodyDto', () => {
    expect(doc.components?.schemas?.ErrorBodyDto).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'code', 'message']),
    });
    expect(doc.components?.responses?.Error).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
    });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of [item.get, item.post, item.put, item.patch, item.delete]) {
        if (!op) continue;
        for (const s of ['400', '401', '403', '404', '409', '422']) {
          expect([path, s, op.responses[s]]).toEqual([path, s, { $ref: '#/components/responses/Error' }]);
        }
      }
    }
  });

  it('is built from up-to-date plugin metadata (apps/api/generated/openapi-metadata.ts is what the plugin makes of the sources)', () => {
    expect(readFileSync(PLUGIN_METADATA, 'utf8')).toBe(renderPluginMetadata());
    // A type-checked TypeScript program of the whole API: seconds alone, a minute on a busy machine.
  }, 300_000);

  it('is the committed libs/contracts/openapi.json (run `npm run openapi` after changing the API)', () => {
    expect(readFileSync(OPENAPI_JSON, 'utf8')).toBe(renderDocument(doc));
  });

  it('the committed web types are what openapi-typescript generates from it', () => {
    const committed = JSON.parse(readFileSync(OPENAPI_JSON, 'utf8')) as OpenAPIObject;
    expect(readFileSync(SCHEMA_TYPES, 'utf8')).toBe(renderTypes(committed));
  });
});
