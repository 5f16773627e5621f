import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** `GET /api/v1/health`: probes of the database, search and queue. */
@Module({ imports: [SearchModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
