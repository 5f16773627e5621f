import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ExpertInvitationDto, ExpertPoolEntryDto, ExpertQueryDto, Role } from '@jiebang/contracts';
import { AuthUser, Roles } from '../auth/auth.decorators';
import { ExpertsService } from './experts.service';

/** `/api/v1/experts` — the expert pool (staff) and an expert's invitations (issue 13 item 2). */
@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  /**
   * `GET /api/v1/experts?field=&available=&q=&applicationId=` (staff) → the experts matching, with their
   * affiliation, profile and review history; with `applicationId`, each one's `conflict` (null: may be offered).
   */
  @Roles(Role.Staff)
  @Get()
  @ApiOperation({ summary: '专家库' })
  pool(@Query() q: ExpertQueryDto): Promise<ExpertPoolEntryDto[]> {
    return this.experts.pool(q);
  }

  /** `GET /api/v1/experts/me/invitations` (expert) → its invitations: what each needs and by when. */
  @Roles(Role.Expert)
  @Get('me/invitations')
  @ApiOperation({ summary: '我的评审邀请' })
  invitations(@AuthUser() user: CurrentUser): Promise<ExpertInvitationDto[]> {
    return this.experts.invitations(user);
  }
}
