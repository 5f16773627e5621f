import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, WorkbenchDto, WorkbenchQuery } from '@jiebang/contracts';
import { AuthUser } from '../auth/auth.decorators';
import { OwnAccount } from '../auth/auth.guards';
import { WORKBENCH_DEFAULT_LIMIT, WorkbenchService } from './workbench.service';

/** The workbench (工作台): what waits for the signed-in user (any role; each sees only the queues they hold). */
@ApiTags('workbench')
@OwnAccount()
@ApiBearerAuth()
@Controller('workbench')
export class WorkbenchController {
  constructor(private readonly workbench: WorkbenchService) {}

  /**
   * `GET /api/v1/workbench?limit=20` → `WorkbenchDto`: per queue the caller holds (staff by capability, experts
   * their invitations, parties their organisation's work) the oldest `limit` (1–100) items, each with `dueOn`
   * (Beijing date, counted in Chinese working days), `overdue`, `workingDaysLeft`, `provisional`; the queue's
   * total and overdue counts. 400 `VALIDATION_FAILED` for a bad `limit`; 401 without a session.
   */
  @Get()
  get(@Query() q: WorkbenchQuery, @AuthUser() user: CurrentUser): Promise<WorkbenchDto> {
    return this.workbench.forUser(user, q.limit ?? WORKBENCH_DEFAULT_LIMIT);
  }
}
