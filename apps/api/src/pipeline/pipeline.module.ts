import { Global, Module } from '@nestjs/common';
import { AuditController } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { GraphModule } from '../graph/graph.module';
import { ListingsModule } from '../listings/listings.module';
import { MatchingModule } from '../matching/matching.module';
import { NegotiationsModule } from '../negotiations/negotiations.module';
import { NotificationsController } from '../notifications/notifications.controller';
import { NotificationsService } from '../notifications/notifications.service';
import { SearchModule } from '../search/search.module';
import { ApplicationsService } from './applications.service';
import { ListingWorkflowService } from './listing-workflow.service';
import { PipelineController } from './pipeline.controller';

/** The pipeline (seed `004 §9(一)–(五)`), with the audit log and in-app notifications it writes. */
@Global()
@Module({
  imports: [GraphModule, MatchingModule, ListingsModule, SearchModule, NegotiationsModule],
  controllers: [PipelineController, NotificationsController, AuditController],
  providers: [ListingWorkflowService, ApplicationsService, AuditService, NotificationsService],
  exports: [AuditService, NotificationsService],
})
export class PipelineModule {}
