import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module';
import { ListingsModule } from '../listings/listings.module';
import { SearchModule } from '../search/search.module';
import { EligibilityService } from './eligibility.service';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';

/** Eligibility (pure rules over facts from PostgreSQL) and ranked matching. */
@Module({
  imports: [GraphModule, SearchModule, ListingsModule],
  controllers: [MatchingController],
  providers: [EligibilityService, MatchingService],
  exports: [EligibilityService],
})
export class MatchingModule {}
