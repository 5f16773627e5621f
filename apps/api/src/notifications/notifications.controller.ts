import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Capability,
  CurrentUser,
  DeliveryPageDto,
  DeliveryQueryDto,
  NotificationDto,
  NotificationSettingsDto,
  UpdateNotificationSettingsDto,
} from '@jiebang/contracts';
import { AuthUser, Requires } from '../auth/auth.decorators';
import { OwnAccount } from '../auth/auth.guards';
import { NotificationsService } from './notifications.service';
import { NotificationPreferencesService } from './delivery/preferences.service';
import { NotificationDeliveryService } from './delivery/delivery.service';

/** In-app notifications of the logged-in user (any role, a recommender included: `@OwnAccount`). */
@ApiTags('notifications')
@OwnAccount()
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  /** `GET /api/v1/notifications` → mine and my organisation's, newest first (≤ 100). */
  @Get()
  list(@AuthUser() user: CurrentUser): Promise<NotificationDto[]> {
    return this.notifications.list(user);
  }

  /**
   * `GET /api/v1/notifications/preferences` → `NotificationSettingsDto`: the caller's e-mail address and mobile
   * number and, per category, e-mail `immediate`/`digest`/`off` and SMS on/off (defaults filled in).
   */
  @Get('preferences')
  @ApiOperation({ summary: '通知设置' })
  settings(@AuthUser() user: CurrentUser): Promise<NotificationSettingsDto> {
    return this.preferences.get(user);
  }

  /**
   * `PUT /api/v1/notifications/preferences` `UpdateNotificationSettingsDto` → the settings after the change. 400
   * `NOTIFICATION_CATEGORY_UNKNOWN` for a category not in `NOTIFICATION_CATEGORIES`, 400 `VALIDATION_FAILED` for a
   * malformed address, number or choice; nothing is changed then.
   */
  @Put('preferences')
  @ApiOperation({ summary: '修改通知设置' })
  updateSettings(
    @Body() dto: UpdateNotificationSettingsDto,
    @AuthUser() user: CurrentUser,
  ): Promise<NotificationSettingsDto> {
    return this.preferences.update(user, dto);
  }

  /** `POST /api/v1/notifications/:id/read` → 204; 404 when not mine. */
  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  read(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<void> {
    return this.notifications.markRead(id, user);
  }
}

/**
 * Outward sends (e-mail, SMS) of notifications for staff administrators (`ManageUsers`): what went out, what failed
 * and why (issue 14 item 2). Not `@OwnAccount`: a recommender or any other user gets 403.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationDeliveriesController {
  constructor(private readonly delivery: NotificationDeliveryService) {}

  /** `GET /api/v1/notifications/deliveries?status=&page=&pageSize=` → `DeliveryPageDto`; 403 without `ManageUsers`. */
  @Get('deliveries')
  @Requires(Capability.ManageUsers)
  @ApiOperation({ summary: '通知外发记录' })
  deliveries(@Query() q: DeliveryQueryDto): Promise<DeliveryPageDto> {
    return this.delivery.list(q);
  }
}
