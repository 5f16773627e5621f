import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Capability,
  CurrentUser,
  MoneyCarriersDto,
  MoneyCarriersQueryDto,
  MoneyDealsDto,
  MoneyDealsQueryDto,
  StatsOverviewDto,
  StatsQueryDto,
} from '@jiebang/contracts';
import { AuthUser, Requires } from '../auth/auth.decorators';
import { StatsService } from './stats.service';

/**
 * `/api/v1/stats/…` — the staff dashboard's figures (`ViewStats`: brokers, approvers, administrators; recommenders
 * for their own authority). Errors: 400 `VALIDATION_FAILED` (a year outside 2000–2100, an unknown measure or
 * field), 403 `FORBIDDEN` / `AUTHORITY_NOT_OWN`, 422 `AUTHORITY_UNKNOWN`.
 */
@ApiTags('stats')
@ApiBearerAuth()
@Requires(Capability.ViewStats)
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /**
   * `GET /api/v1/stats/overview?year=&authority=` → counts, time per stage and the money ledger (fen strings):
   * deals' money, carrier support money and the total of public money.
   */
  @Get('overview')
  @ApiOperation({ summary: '统计概览与财政资金台账' })
  overview(@Query() q: StatsQueryDto, @AuthUser() user: CurrentUser): Promise<StatsOverviewDto> {
    return this.stats.overview(user, q);
  }

  /** `GET /api/v1/stats/money/deals?measure=&year=&field=&authority=` → the deals behind one money figure. */
  @Get('money/deals')
  @ApiOperation({ summary: '资金数字对应的项目' })
  moneyDeals(@Query() q: MoneyDealsQueryDto, @AuthUser() user: CurrentUser): Promise<MoneyDealsDto> {
    return this.stats.moneyDeals(user, q);
  }

  /**
   * `GET /api/v1/stats/money/carriers?measure=&year=&kind=&carrierKind=&authority=` → the carrier support records
   * behind one carrier money figure (granted amounts in fen strings, issue 15 §7).
   */
  @Get('money/carriers')
  @ApiOperation({ summary: '载体补助数字对应的补助记录' })
  moneyCarriers(@Query() q: MoneyCarriersQueryDto, @AuthUser() user: CurrentUser): Promise<MoneyCarriersDto> {
    return this.stats.moneyCarriers(user, q);
  }
}
