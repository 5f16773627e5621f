import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { GraphController } from './graph.controller';
import { GraphService } from './graph.service';

/** Control edges, credit records and the eligibility facts loader. */
@Module({ controllers: [GraphController], providers: [GraphService, AuditService], exports: [GraphService] })
export class GraphModule {}
