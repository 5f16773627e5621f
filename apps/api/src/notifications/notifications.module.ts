import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * In-app notifications: `NotificationsService` writes them in the transaction of the event they report and
 * lists and marks them for their recipient (`/api/v1/notifications`). Import it where a service notifies.
 */
@Module({ controllers: [NotificationsController], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
