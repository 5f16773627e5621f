import { INestApplication, VersioningType } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { jsonBodyParser, urlencodedBodyParser } from '../common/body-parser';
import { GlobalExceptionFilter } from '../common/global-exception.filter';
import { createValidationPipe } from '../common/validation';
import { securityHeaders } from './security-headers';

/**
 * Applies what every HTTP instance of the API shares (ARCHITECTURE practice 2): prefix `api`, URI
 * versioning `v1`, the body parsers (`common/body-parser.ts`), the global validation pipe and error filter,
 * OpenAPI at `/api/docs`, security headers on every answer (`security-headers.ts`).
 */
export function configureApp(app: INestApplication): INestApplication {
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
  const doc = new DocumentBuilder()
    .setTitle('揭榜挂帅 marketplace API')
    .setDescription('内蒙古自治区科技厅 揭榜挂帅 科技成果转化平台 — REST API v1')
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, doc));
  return app;
}
