import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvConfig } from '../config/env.config';
import { dataSourceOptions } from '../database/data-source';
import { AuthModule } from '../auth/auth.module';
import { GraphModule } from '../graph/graph.module';
import { HealthModule } from '../health/health.module';
import { MatchingModule } from '../matching/matching.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { NegotiationsModule } from '../negotiations/negotiations.module';
import { DealsModule } from '../deals/deals.module';
import { WorkbenchModule } from '../workbench/workbench.module';
import { ImportModule } from '../import/import.module';
import { JobsModule } from '../jobs/jobs.module';
import { ListingsModule } from '../listings/listings.module';
import { UsersModule } from '../users/users.module';
import { ExpertsModule } from '../experts/experts.module';
import { CalendarModule } from '../calendar/calendar.module';
import { StatsModule } from '../stats/stats.module';
import { ExportsModule } from '../exports/exports.module';
import { CarriersModule } from '../carriers/carriers.module';
import { ServiceEndpoints } from '../runtime/runtime';
import { RuntimeInfo } from './runtime-info';

@Global()
@Module({})
class CoreModule {
  static forRoot(config: EnvConfig, endpoints: ServiceEndpoints): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: EnvConfig, useValue: config },
        { provide: RuntimeInfo, useValue: new RuntimeInfo(endpoints) },
      ],
      exports: [EnvConfig, RuntimeInfo],
    };
  }
}

/**
 * The application, built for resolved service endpoints (embedded or external). The web app is served
 * from `WEB_DIST_DIR` at `/` when it has been built; the API lives under `/api/v1`.
 */
@Module({})
export class AppModule {
  static forRoot(config: EnvConfig, endpoints: ServiceEndpoints): DynamicModule {
    const webDir = resolve(config.WEB_DIST_DIR);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, endpoints),
        TypeOrmModule.forRoot(dataSourceOptions(endpoints.databaseUrl)),
        JobsModule,
        AuthModule,
        ListingsModule,
        OrganizationsModule,
        GraphModule,
        MatchingModule,
        PipelineModule,
        AttachmentsModule,
        NegotiationsModule,
        WorkbenchModule,
        DealsModule,
        ImportModule,
        HealthModule,
        UsersModule,
        ExpertsModule,
        CalendarModule,
        StatsModule,
        ExportsModule,
        CarriersModule,
        ...(existsSync(resolve(webDir, 'index.html'))
          ? [ServeStaticModule.forRoot({ rootPath: webDir, exclude: ['/api/{*path}'] })]
          : []),
      ],
    };
  }
}
