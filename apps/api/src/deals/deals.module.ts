import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { WorkbenchModule } from '../workbench/workbench.module';
import { SearchModule } from '../search/search.module';
import { DealAttachmentsService } from './deal-attachments.service';
import { DealChangesService } from './deal-changes.service';
import { DealFundingService } from './deal-funding.service';
import { DealMilestonesService } from './deal-milestones.service';
import { DealNoticeService } from './deal-notice.service';
import { DealReadService } from './deal-read.service';
import { DealSigningService } from './deal-signing.service';
import { DealSubsidyService } from './deal-subsidy.service';
import { DealWriter } from './deal-writer';
import { DealsController } from './deals.controller';
import { DealHistoryExport } from './history-export';
import { PolicyController } from './policy.controller';

/**
 * The deal lifecycle after the draft agreement, one service per concern sharing one write path (`DealWriter`):
 * notice and objections, signing, funding, milestones and acceptance, changes, subsidy; the read model and the
 * files; the history export. The status moves are the table `DEAL_TRANSITIONS` of `@jiebang/policy`.
 */
@Module({
  imports: [AttachmentsModule, PipelineModule, SearchModule, WorkbenchModule],
  controllers: [DealsController, PolicyController],
  providers: [
    DealWriter,
    DealReadService,
    DealAttachmentsService,
    DealNoticeService,
    DealSigningService,
    DealFundingService,
    DealMilestonesService,
    DealChangesService,
    DealSubsidyService,
    DealHistoryExport,
  ],
})
export class DealsModule {}
