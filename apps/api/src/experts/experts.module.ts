import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module';
import { ExpertsController } from './experts.controller';
import { ExpertsService } from './experts.service';

/** The expert pool (专家库, issue 13 item 2): `/api/v1/experts`. */
@Module({
  imports: [GraphModule],
  controllers: [ExpertsController],
  providers: [ExpertsService],
})
export class ExpertsModule {}
