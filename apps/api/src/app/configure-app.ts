import { INestApplication, VersioningType } from '@nestjs/common';
import { jsonBodyParser, urlencodedBodyParser } from '../common/body-parser';
import { GlobalExceptionFilter } from '../common/global-exception.filter';
import { createValidationPipe } from '../common/validation';
import { setupOpenApi } from './openapi';
import { securityHeaders } from './security-headers';

/**
 * Applies what every HTTP instance of the API shares (ARCHITECTURE practice 2): prefix `api`, URI
 * versioning `v1`, the body parsers (`common/body-parser.ts`), the global validation pipe and error filter,
 * OpenAPI at `/api/docs` (JSON at `/api/docs-json`, `openapi.ts`), security headers on every answer (`security-headers.ts`).
 */
export async function configureApp(app: INestApplication): Promise<INestApplication> {
  // Security headers first, so every answer carries them (CSP, nosniff, frame DENY; security-headers.ts).
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(securityHeaders());
  // Our parsers carry Nest's names (jsonParser, urlencodedParser), so Nest adds no default ones at init:
  // size and depth limits, and 400/413 answers with a code for bodies that cannot be read.
  app.use(jsonBodyParser(), urlencodedBodyParser());
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter());
  // The OpenAPI document with every schema (plugin metadata) and error body (openapi.ts).
  await setupOpenApi(app);
  return app;
}
