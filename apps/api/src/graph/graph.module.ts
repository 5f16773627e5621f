import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GraphController } from './graph.controller';
import { GraphService } from './graph.service';

/** Control edges, credit records and the eligibility facts loader. */
@Module({
  imports: [AuditModule],
  controllers: [GraphController],
  providers: [GraphService],
  exports: [GraphService],
})
export class GraphModule {}
