import { INestApplication, VersioningType } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { GlobalExceptionFilter } from '../common/global-exception.filter';
import { createValidationPipe } from '../common/validation';

/**
 * Applies what every HTTP instance of the API shares (ARCHITECTURE practice 2): prefix `api`, URI
 * versioning `v1`, the global validation pipe and error filter, OpenAPI at `/api/docs`.
 */
export function configureApp(app: INestApplication): INestApplication {
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
