import { applyDecorators, INestApplication } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiProduces,
  DocumentBuilder,
  OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorBodyDto } from '@jiebang/contracts';
import pluginMetadata from '../../generated/openapi-metadata';

/** Where Swagger UI is served; the JSON document is at `${OPENAPI_PATH}-json` (`/api/docs-json`). */
export const OPENAPI_PATH = 'api/docs';

/**
 * The 4xx statuses every operation documents with the one `Error` response (schema `ErrorBodyDto`). Kept uniform on purpose (one
 * post-processing step, no decorator to forget on a new route): any request may fail validation (400), any
 * guarded route answers 401/403, a missing or invisible resource 404, a state conflict 409 and a broken policy
 * rule 422. Which `code`s an operation raises is in its description.
 */
export const ERROR_STATUSES = ['400', '401', '403', '404', '409', '422'] as const;

/**
 * Builds the OpenAPI document of `app` — the contract the web's types (`apps/web/generated/openapi-schema.d.ts`) are
 * generated from and `libs/contracts/openapi.json` pins. Loads the `@nestjs/swagger` plugin metadata
 * (`metadata.ts`, `npm run openapi:metadata`) so every DTO and response class has its schema, then adds the error
 * responses (`ERROR_STATUSES`) to each operation. The result is sorted (paths, schemas, responses) so that it
 * serialises the same way on every run.
 */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  const config = new DocumentBuilder()
    .setTitle('揭榜挂帅 marketplace API')
    .setDescription('内蒙古自治区科技厅 揭榜挂帅 科技成果转化平台 — REST API v1')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorBodyDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // `details` is any JSON (an object or a list, per code): no type, so the generated web type is `unknown`.
  const errorBody = doc.components?.schemas?.ErrorBodyDto as { properties?: Record<string, object> } | undefined;
  if (errorBody?.properties) {
    errorBody.properties.details = { description: 'Machine-readable particulars: an object or a list, per code.' };
  }
  doc.components = {
    ...doc.components,
    responses: {
      Error: {
        description: '错误: `{ statusCode, code, message, rule?, details?, correlationId? }`',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
      },
    },
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!op) continue;
      for (const status of ERROR_STATUSES) op.responses[status] ??= { $ref: '#/components/responses/Error' };
      op.responses = sortKeys(op.responses);
    }
  }
  doc.paths = sortKeys(doc.paths);
  if (doc.components?.schemas) doc.components.schemas = sortKeys(doc.components.schemas);
  return doc;
}

/** Serves the document: Swagger UI at `/api/docs`, the JSON at `/api/docs-json`. */
export async function setupOpenApi(app: INestApplication): Promise<void> {
  SwaggerModule.setup(OPENAPI_PATH, app, await buildOpenApiDocument(app), { jsonDocumentUrl: `${OPENAPI_PATH}-json` });
}

function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}

/** Declares a handler's 200 answer as a file of `contentType` (downloads and exports stream bytes, not JSON). */
export function ApiFileResponse(contentType = 'application/octet-stream'): MethodDecorator {
  return applyDecorators(
    ApiProduces(contentType),
    ApiOkResponse({ description: '文件 (a download)', schema: { type: 'string', format: 'binary' } }),
  );
}

/** Declares a `multipart/form-data` upload: the `file` part plus the named text `fields` (all required). */
export function ApiMultipartUpload(fields: Record<string, SchemaObject> = {}): MethodDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file', ...Object.keys(fields)],
        properties: { file: { type: 'string', format: 'binary' }, ...fields },
      },
    }),
  );
}
