import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvConfig } from '../config/env.config';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { RuntimeInfo } from '../app/runtime-info';
import { ListingIndexerService } from './listing-indexer.service';
import { MeilisearchAdapter } from './meilisearch.adapter';
import { SearchEngine } from './search-engine.port';

/** The search port bound to Meilisearch, and the indexer that keeps it derived from PostgreSQL. */
@Module({
  imports: [TypeOrmModule.forFeature([ListingEntity, OrganizationEntity])],
  providers: [
    {
      provide: SearchEngine,
      inject: [RuntimeInfo, EnvConfig],
      useFactory: (rt: RuntimeInfo, config: EnvConfig) =>
        new MeilisearchAdapter(rt.meiliUrl, rt.meiliApiKey, config.MEILI_INDEX_PREFIX),
    },
    ListingIndexerService,
  ],
  exports: [SearchEngine, ListingIndexerService],
})
export class SearchModule {}
