import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorkQueueNotifier } from './work-notifier.service';
import { WorkbenchController } from './workbench.controller';
import { WorkbenchService } from './workbench.service';

/**
 * The workbench (issue 14 item 1): `GET /api/v1/workbench` (`WorkbenchService`) and the queue notifications and
 * due/overdue reminders (`WorkQueueNotifier`, delayed jobs of `JobsService`). Modules that put work into a queue
 * import this one and call `WorkQueueNotifier.entered` in their transaction.
 */
@Module({
  imports: [AuthModule, NotificationsModule],
  controllers: [WorkbenchController],
  providers: [WorkbenchService, WorkQueueNotifier],
  exports: [WorkQueueNotifier],
})
export class WorkbenchModule {}
