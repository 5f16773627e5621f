import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { DealHistoryExport } from './history-export';
import { PolicyController } from './policy.controller';

/** The deal lifecycle after the draft agreement: notice, signing, funding, milestones, acceptance, subsidy. */
@Module({
  imports: [AttachmentsModule, PipelineModule],
  controllers: [DealsController, PolicyController],
  providers: [DealsService, DealHistoryExport],
})
export class DealsModule {}
