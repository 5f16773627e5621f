import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { SearchModule } from '../search/search.module';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

/** The organisation register: self-registration, verification, look-ups. */
@Module({
  imports: [SearchModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService, AuditService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
