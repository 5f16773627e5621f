import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvConfig } from '../config/env.config';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { RuntimeInfo } from '../app/runtime-info';
import { ListingIndexerService } from './listing-indexer.service';
import { MeilisearchAdapter } from './meilisearch.adapter';
import { SearchEngine } from './search-engine.port';
import { SearchHitCache } from './search-hit-cache';

/**
 * The search port bound to Meilisearch, the indexer that keeps it derived from PostgreSQL, and the cache of
 * repeated searches by index version.
 */
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
    SearchHitCache,
  ],
  exports: [SearchEngine, ListingIndexerService, SearchHitCache],
})
export class SearchModule {}
