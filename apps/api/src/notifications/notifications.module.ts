import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PgListener } from '../database/pg-listener';
import { LiveGateway } from './live.gateway';
import { NotificationDeliveriesController, NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { EnvConfig } from '../config/env.config';
import { EMAIL_CHANNEL, smsGateway, SmsChannel, SmtpEmailChannel, SMS_CHANNEL } from './delivery/channels';
import { NotificationDeliveryService } from './delivery/delivery.service';
import { NotificationDispatcher } from './delivery/dispatcher';
import { NotificationPreferencesService } from './delivery/preferences.service';

/**
 * In-app notifications: `NotificationsService` writes them in the transaction of the event they report and
 * lists and marks them for their recipient (`/api/v1/notifications`); `LiveGateway` pushes each one to the
 * recipients' open pages (socket namespace `/live`); `NotificationDispatcher` hands each committed one to outward
 * delivery (`delivery/`: e-mail over `SMTP_URL`, SMS through the `SMS_DRIVER` gateway, the daily digest), as the
 * recipients chose (`NotificationPreferencesService`). Import it where a service notifies.
 */
@Module({
  imports: [AuthModule],
  controllers: [NotificationDeliveriesController, NotificationsController],
  providers: [
    NotificationsService,
    PgListener,
    LiveGateway,
    {
      provide: EMAIL_CHANNEL,
      inject: [EnvConfig],
      useFactory: (c: EnvConfig) => new SmtpEmailChannel(c.SMTP_URL, c.MAIL_FROM),
    },
    {
      provide: SMS_CHANNEL,
      inject: [EnvConfig],
      useFactory: (c: EnvConfig) => new SmsChannel(smsGateway(c.SMS_DRIVER)),
    },
    NotificationDeliveryService,
    NotificationPreferencesService,
    NotificationDispatcher,
  ],
  exports: [NotificationsService, NotificationPreferencesService],
})
export class NotificationsModule {}
