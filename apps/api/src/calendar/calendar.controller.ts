import { Body, Controller, Delete, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  Capability,
  CalendarDeletedDto,
  CalendarYearDto,
  CalendarYearsDto,
  CurrentUser,
  PutCalendarYearDto,
  WorkingDaysDto,
  WorkingDaysQueryDto,
} from '@jiebang/contracts';
import { AuthUser, Public, Requires } from '../auth/auth.decorators';
import { CalendarService } from './calendar.service';

/**
 * `/api/v1/calendar` — the holiday calendar (issue 14 item 5). Reading is public (the State Council's schedule is
 * public, and the web counts notice periods and due dates with it); entering, correcting and removing a year need
 * `Capability.MaintainCalendar` (staff admin; 403 `FORBIDDEN` otherwise). Every change is audit-logged.
 */
@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** `GET /api/v1/calendar/years` (public) → maintained years and which calendar each near year uses. */
  @Public()
  @Get('years')
  @ApiOperation({ summary: '节假日安排:已维护的年度和各年度日历来源' })
  list(): Promise<CalendarYearsDto> {
    return this.calendar.list();
  }

  /**
   * `GET /api/v1/calendar/working-days?from=YYYY-MM-DD&count=N` (public) → the N (1–60) working days after
   * `from`, the last being the due date, and whether they are provisional. 400 `VALIDATION_FAILED` for bad input.
   */
  @Public()
  @Get('working-days')
  @ApiOperation({ summary: '按节假日安排推算工作日' })
  workingDays(@Query() q: WorkingDaysQueryDto): WorkingDaysDto {
    return this.calendar.workingDays(q.from, q.count);
  }

  /** `GET /api/v1/calendar/years/:year` (public) → one maintained year; 404 when the year is not maintained. */
  @Public()
  @Get('years/:year')
  @ApiOperation({ summary: '某年度的节假日安排' })
  get(@Param('year', ParseIntPipe) year: number): Promise<CalendarYearDto> {
    return this.calendar.get(year);
  }

  /**
   * `PUT /api/v1/calendar/years/:year` `PutCalendarYearDto` (MaintainCalendar) → the year as saved. 422
   * `CALENDAR_YEAR_INVALID`, `CALENDAR_DATE_OUTSIDE_YEAR`, `CALENDAR_DATE_CONFLICT`; 400 `VALIDATION_FAILED`.
   */
  @ApiBearerAuth()
  @Requires(Capability.MaintainCalendar)
  @Put('years/:year')
  @ApiOperation({ summary: '录入或修改某年度的节假日安排' })
  put(
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: PutCalendarYearDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CalendarYearDto> {
    return this.calendar.put(user, year, dto);
  }

  /**
   * `DELETE /api/v1/calendar/years/:year?confirm=<year>` (MaintainCalendar) → what the year falls back to. 422
   * `CALENDAR_DELETE_UNCONFIRMED` unless `confirm` repeats the year; 404 when the year is not maintained.
   */
  @ApiBearerAuth()
  @Requires(Capability.MaintainCalendar)
  @Delete('years/:year')
  @ApiOperation({ summary: '删除某年度的节假日安排(须确认)' })
  @ApiQuery({ name: 'confirm', required: true, description: '再次填写要删除的年份' })
  remove(
    @Param('year', ParseIntPipe) year: number,
    @Query('confirm') confirm: string | undefined,
    @AuthUser() user: CurrentUser,
  ): Promise<CalendarDeletedDto> {
    return this.calendar.remove(user, year, confirm);
  }
}
