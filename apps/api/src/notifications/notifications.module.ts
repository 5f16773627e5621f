import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveGateway } from './live.gateway';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * In-app notifications: `NotificationsService` writes them in the transaction of the event they report and
 * lists and marks them for their recipient (`/api/v1/notifications`); `LiveGateway` pushes each one to the
 * recipients' open pages (socket namespace `/live`). Import it where a service notifies.
 */
@Module({
  imports: [AuthModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, LiveGateway],
  exports: [NotificationsService],
})
export class NotificationsModule {}
