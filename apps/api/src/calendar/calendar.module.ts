import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PgListener } from '../database/pg-listener';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** The maintained holiday calendar (issue 14 item 5): `/api/v1/calendar`, loaded into `@jiebang/policy`. */
@Module({
  imports: [AuditModule],
  controllers: [CalendarController],
  providers: [CalendarService, PgListener],
  exports: [CalendarService],
})
export class CalendarModule {}
