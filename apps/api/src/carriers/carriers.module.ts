import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GraphModule } from '../graph/graph.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { CarrierApplicationsService } from './carrier-applications.service';
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
  imports: [AuditModule, GraphModule, NotificationsModule, SearchModule],
  controllers: [CarriersController],
  providers: [CarrierRoundsService, CarrierApplicationsService, CarrierRegistryService, CarrierSupportService],
  exports: [CarrierRegistryService],
})
export class CarriersModule {}
