import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, NotificationDto } from '@jiebang/contracts';
import { AuthUser } from '../auth/auth.decorators';
import { OwnAccount } from '../auth/auth.guards';
import { NotificationsService } from './notifications.service';

/** In-app notifications of the logged-in user (any role, a recommender included: `@OwnAccount`). */
@ApiTags('notifications')
@OwnAccount()
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** `GET /api/v1/notifications` → mine and my organisation's, newest first (≤ 100). */
  @Get()
  list(@AuthUser() user: CurrentUser): Promise<NotificationDto[]> {
    return this.notifications.list(user);
  }

  /** `POST /api/v1/notifications/:id/read` → 204; 404 when not mine. */
  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  read(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<void> {
    return this.notifications.markRead(id, user);
  }
}
