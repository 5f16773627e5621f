import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CarrierExpertInvitationPageDto, CarrierExpertReviewQueryDto, CurrentUser, Role } from '@jiebang/contracts';
import { AuthUser, Roles } from '../auth/auth.decorators';
import { CarrierExpertService } from './carrier-expert.service';

/**
 * `/api/v1/expert/carrier-reviews` — the invited expert's list of carrier applications to review (专家评审, issue 15;
 * RULEBOOK §7; `000` 四.3, `001 §10(二)`). The application itself is read with `GET /carriers/applications/:id`
 * (an invited expert may) and the opinion given with `POST /carriers/applications/:id/expert-opinion`; recusal is
 * checked when staff invite (`EXPERT_CONFLICT`), so every row here is an invitation the expert may act on.
 */
@ApiTags('carriers')
@Controller('expert')
export class CarrierExpertController {
  constructor(private readonly reviews: CarrierExpertService) {}

  /**
   * `GET /expert/carrier-reviews` — the signed-in expert's invitations, newest first; `state=pending` those whose
   * opinion is still due, `done` those given. 20 a page (at most 100). 401 anonymous, 403 for other roles.
   */
  @ApiBearerAuth()
  @Roles(Role.Expert)
  @Get('carrier-reviews')
  @ApiOperation({ summary: '我的载体评审' })
  list(
    @Query() q: CarrierExpertReviewQueryDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierExpertInvitationPageDto> {
    return this.reviews.list(user, q);
  }
}
