import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SearchModule } from '../search/search.module';
import { ImportService } from './import.service';

/** Data import (`npm run import`) and the demo seed. */
@Module({
  imports: [SearchModule, AuditModule],
  providers: [ImportService],
  exports: [ImportService],
})
export class ImportModule {}
