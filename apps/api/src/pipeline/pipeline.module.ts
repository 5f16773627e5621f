import { Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GraphModule } from '../graph/graph.module';
import { ListingsModule } from '../listings/listings.module';
import { MatchingModule } from '../matching/matching.module';
import { NegotiationsModule } from '../negotiations/negotiations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { WorkbenchModule } from '../workbench/workbench.module';
import { ApplicationsService } from './applications.service';
import { ListingWorkflowService } from './listing-workflow.service';
import { PipelineController } from './pipeline.controller';
import { PosterOpinionService } from './poster-opinion.service';

/**
 * The pipeline (seed `004 §9(一)–(五)`). Re-exports the audit log and in-app notifications (global, for the modules
 * that relied on it for them, e.g. deals).
 */
@Global()
@Module({
  imports: [
    GraphModule,
    MatchingModule,
    ListingsModule,
    SearchModule,
    NegotiationsModule,
    AuditModule,
    NotificationsModule,
    WorkbenchModule,
  ],
  controllers: [PipelineController],
  providers: [ListingWorkflowService, ApplicationsService, PosterOpinionService],
  exports: [AuditModule, NotificationsModule],
})
export class PipelineModule {}
