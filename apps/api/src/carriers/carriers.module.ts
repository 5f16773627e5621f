import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { GraphModule } from '../graph/graph.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { WorkbenchModule } from '../workbench/workbench.module';
import { CarrierApplicationsService } from './carrier-applications.service';
import { CarrierReviewService } from './carrier-review.service';
import { CarrierCaseByCaseService } from './carrier-case-by-case.service';
import { CarrierChangesService } from './carrier-changes.service';
import { CarrierEstablishmentFilesController } from './carrier-establishment-files.controller';
import { CarrierEstablishmentFilesService } from './carrier-establishment-files.service';
import { CarrierEstablishmentService } from './carrier-establishment.service';
import { CarrierRecommenderReviewService } from './carrier-recommender-review.service';
import { CarrierRunningController } from './carrier-running.controller';
import { CarrierEvidenceController } from './carrier-evidence.controller';
import { CarrierEvidenceService } from './carrier-evidence.service';
import { CarrierExpertController } from './carrier-expert.controller';
import { CarrierExpertService } from './carrier-expert.service';
import { CarrierListsController } from './carrier-lists.controller';
import { CarrierListsService } from './carrier-lists.service';
import { CarrierProjectsService } from './carrier-projects.service';
import { CarrierNoticesService } from './carrier-notices.service';
import { CarrierRegistryService } from './carrier-registry.service';
import { CarrierRoundsService } from './carrier-rounds.service';
import { CarrierSupportService } from './carrier-support.service';
import { CarriersController } from './carriers.controller';

/**
 * The carrier platforms' programmes (issue 15; RULEBOOK §7): rule sets and rounds, applications through
 * recommendation, review, decision, notice and publication, the public registry, the running years and support
 * money. One service per concern.
 */
@Module({
  imports: [AttachmentsModule, AuditModule, GraphModule, NotificationsModule, SearchModule, WorkbenchModule],
  // CarrierEvidenceController first: its `carriers/notices` must not be taken for `carriers/:id`.
  controllers: [
    CarrierEvidenceController,
    CarriersController,
    CarrierExpertController,
    CarrierListsController,
    CarrierRunningController,
    CarrierEstablishmentFilesController,
  ],
  providers: [
    CarrierRoundsService,
    CarrierApplicationsService,
    CarrierReviewService,
    CarrierEvidenceService,
    CarrierNoticesService,
    CarrierRegistryService,
    CarrierSupportService,
    CarrierExpertService,
    CarrierListsService,
    CarrierProjectsService,
    CarrierChangesService,
    CarrierCaseByCaseService,
    CarrierEstablishmentService,
    CarrierRecommenderReviewService,
    CarrierEstablishmentFilesService,
  ],
  exports: [CarrierRegistryService],
})
export class CarriersModule {}
