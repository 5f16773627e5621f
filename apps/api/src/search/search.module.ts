import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvConfig } from '../config/env.config';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { RuntimeInfo } from '../app/runtime-info';
import { PgListener } from '../database/pg-listener';
import { ListingIndexerService } from './listing-indexer.service';
import { MeilisearchAdapter } from './meilisearch.adapter';
import { AnnouncingSearchEngine, SearchAnnouncer } from './search-announcer';
import { SearchEngine } from './search-engine.port';
import { SearchHitCache } from './search-hit-cache';

/**
 * The search port bound to Meilisearch (every index write announced on `jiebang_search`: `AnnouncingSearchEngine`),
 * the indexer that keeps it derived from PostgreSQL, and the cache of repeated searches by index version, which
 * re-reads a version when an announcement says the index changed.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ListingEntity, OrganizationEntity])],
  providers: [
    {
      provide: SearchEngine,
      inject: [RuntimeInfo, EnvConfig, SearchAnnouncer],
      useFactory: (rt: RuntimeInfo, config: EnvConfig, announcer: SearchAnnouncer) =>
        new AnnouncingSearchEngine(
          new MeilisearchAdapter(rt.meiliUrl, rt.meiliApiKey, config.MEILI_INDEX_PREFIX),
          announcer,
        ),
    },
    SearchAnnouncer,
    PgListener,
    ListingIndexerService,
    SearchHitCache,
  ],
  exports: [SearchEngine, ListingIndexerService, SearchHitCache],
})
export class SearchModule {}
