import { HttpStatus, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  CalendarCoverageDto,
  CalendarDeletedDto,
  CalendarYearDto,
  CalendarYearsDto,
  CurrentUser,
  ERROR_MESSAGES,
  PutCalendarYearDto,
  WorkingDaysDto,
} from '@jiebang/contracts';
import {
  beijingDate,
  calendarCovers,
  calendarSource,
  setMaintainedCalendar,
  validateMaintainedYear,
  workingDaysAfter,
  type MaintainedYear,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { PgListener, type StopListening } from '../database/pg-listener';
import { CalendarDayEntity, CalendarYearEntity } from './calendar.entity';

/** The PostgreSQL channel a calendar change is announced on (payload: the year). */
export const CALENDAR_CHANNEL = 'jiebang_calendar';
/** The article the calendar serves: periods counted in working days (seed `004 §9(七)`; issue 14 item 5). */
export const CALENDAR_RULE = '004 §9(七) 工作日; 国务院办公厅关于部分节假日安排的通知';

/**
 * The holiday calendar staff maintain (issue 14 item 5). Stores each year's State Council schedule
 * (`calendar_year`, `calendar_day`) and keeps `@jiebang/policy`'s calendar (`setMaintainedCalendar`) equal to the
 * table, so notice periods, due dates and reminders (`noticePeriod`, `isWorkingDay`, `workingDaysAfter`) count by
 * it in every process:
 * - at start-up (`onModuleInit`, before the API listens);
 * - after every change in this process (right after the commit);
 * - in every other API process through PostgreSQL LISTEN/NOTIFY: a change sends `pg_notify('jiebang_calendar',
 *   year)` inside its transaction (delivered only on commit); each process LISTENs with a connection of its own
 *   (`PgListener`) and reloads the whole calendar on a notification and whenever the listening connection is
 *   (re)opened, so a notification missed while disconnected is made up for.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CalendarService.name);
  private stopListening: StopListening | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly pg: PgListener,
  ) {}

  /**
   * Loads the maintained years, then listens on `jiebang_calendar` for changes made by other processes: reloads on
   * each notification and each time the channel is (re)listened to (a reload failure is logged, not thrown).
   */
  async onModuleInit(): Promise<void> {
    await this.reload();
    this.stopListening = await this.pg.listen(
      CALENDAR_CHANNEL,
      () => this.reloadQuietly(),
      () => this.reloadQuietly(),
    );
  }

  /** Closes the listening connection. */
  async onModuleDestroy(): Promise<void> {
    await this.stopListening?.();
  }

  /** Reads every maintained year from the database and installs them in `@jiebang/policy`. */
  async reload(): Promise<void> {
    setMaintainedCalendar(await this.readAll());
  }

  /**
   * `GET /calendar/years`: the maintained years (ascending) and the coverage of last year to three years on plus
   * every maintained year: `{ year, source: maintained|package|none, provisional }`.
   */
  async list(): Promise<CalendarYearsDto> {
    const years = await this.readYears();
    const thisYear = Number(beijingDate().slice(0, 4));
    const wanted = new Set<number>(years.map((y) => y.year));
    for (let y = thisYear - 1; y <= thisYear + 3; y++) wanted.add(y);
    const coverage: CalendarCoverageDto[] = [...wanted]
      .sort((a, b) => a - b)
      .map((year) => ({ year, source: calendarSource(year), provisional: !calendarCovers(year) }));
    return { years, coverage };
  }

  /** `GET /calendar/years/:year`: one maintained year; 422 `CALENDAR_YEAR_INVALID`, 404 `NOT_FOUND` when not maintained. */
  async get(year: number): Promise<CalendarYearDto> {
    checkYear(year);
    const [found] = await this.readYears(year);
    if (!found) throw new NotFoundError('该年度的节假日安排', String(year));
    return found;
  }

  /**
   * `PUT /calendar/years/:year`: enters or replaces a year's schedule (文号, date, holidays, make-up working days),
   * audit-logged (`calendar_year` `calendar_saved` with the before/after lists), then reloads the calendar here
   * and announces the change to the other processes. Duplicates in a list are merged.
   * 422 `CALENDAR_YEAR_INVALID` (outside 2000–2100), `CALENDAR_DATE_OUTSIDE_YEAR`, `CALENDAR_DATE_CONFLICT` (a
   * date in both lists), `INVALID_DATE`; `details` lists every offending date. Nothing is written on a refusal.
   */
  async put(user: CurrentUser, year: number, dto: PutCalendarYearDto): Promise<CalendarYearDto> {
    checkYear(year);
    const holidays = [...new Set(dto.holidays)].sort();
    const makeUpWorkdays = [...new Set(dto.makeUpWorkdays)].sort();
    const problems = validateMaintainedYear({ year, holidays, makeUpWorkdays });
    if (problems.length) {
      const code = problems[0].code;
      const dates = problems.filter((p) => p.code === code).map((p) => p.date);
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        code,
        `${ERROR_MESSAGES[code]}: ${dates.join('、')}`,
        CALENDAR_RULE,
        { problems },
      );
    }
    const documentNo = dto.documentNo.trim();
    await this.db.transaction(async (em) => {
      const repo = em.getRepository(CalendarYearEntity);
      await em.query('SELECT pg_advisory_xact_lock($1, $2)', [7_262_014, year]);
      const before = await repo.findOne({ where: { year } });
      const beforeDays = before ? await em.getRepository(CalendarDayEntity).find({ where: { year } }) : [];
      const row = before ?? repo.create({ year });
      row.documentNo = documentNo;
      row.publishedOn = dto.publishedOn;
      row.updatedAt = new Date();
      row.updatedBy = user.id;
      const saved = await repo.save(row);
      await em.getRepository(CalendarDayEntity).delete({ year });
      const days = [
        ...holidays.map((day) => ({ day, year, kind: 'holiday' as const })),
        ...makeUpWorkdays.map((day) => ({ day, year, kind: 'workday' as const })),
      ];
      if (days.length) await em.getRepository(CalendarDayEntity).insert(days);
      await this.audit.append(em, {
        entityType: 'calendar_year',
        entityId: saved.id,
        action: before ? 'calendar_updated' : 'calendar_created',
        actorUserId: user.id,
        rule: CALENDAR_RULE,
        data: {
          year,
          documentNo,
          publishedOn: dto.publishedOn,
          holidays,
          makeUpWorkdays,
          ...(before
            ? {
                before: {
                  documentNo: before.documentNo,
                  publishedOn: before.publishedOn,
                  holidays: beforeDays.filter((d) => d.kind === 'holiday').map((d) => d.day),
                  makeUpWorkdays: beforeDays.filter((d) => d.kind === 'workday').map((d) => d.day),
                },
              }
            : {}),
        },
      });
      await em.query('SELECT pg_notify($1, $2)', [CALENDAR_CHANNEL, String(year)]);
    });
    await this.reload();
    return this.get(year);
  }

  /**
   * `DELETE /calendar/years/:year?confirm=<year>`: removes a maintained year, audit-logged
   * (`calendar_deleted` with the removed lists); the year falls back to `chinese-days`, or to weekends only
   * (provisional). `confirm` must repeat the year (the irreversible step is confirmed): 422
   * `CALENDAR_DELETE_UNCONFIRMED` otherwise. 404 `NOT_FOUND` when the year is not maintained.
   */
  async remove(user: CurrentUser, year: number, confirm: string | undefined): Promise<CalendarDeletedDto> {
    checkYear(year);
    if (confirm?.trim() !== String(year))
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'CALENDAR_DELETE_UNCONFIRMED',
        `删除 ${year} 年节假日安排须确认:请在 confirm 中填写 ${year}`,
        CALENDAR_RULE,
      );
    await this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, $2)', [7_262_014, year]);
      const row = await em.getRepository(CalendarYearEntity).findOne({ where: { year } });
      if (!row) throw new NotFoundError('该年度的节假日安排', String(year));
      const days = await em.getRepository(CalendarDayEntity).find({ where: { year } });
      await em.getRepository(CalendarYearEntity).delete({ id: row.id });
      await this.audit.append(em, {
        entityType: 'calendar_year',
        entityId: row.id,
        action: 'calendar_deleted',
        actorUserId: user.id,
        rule: CALENDAR_RULE,
        data: {
          year,
          documentNo: row.documentNo,
          publishedOn: row.publishedOn,
          holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
          makeUpWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
        },
      });
      await em.query('SELECT pg_notify($1, $2)', [CALENDAR_CHANNEL, String(year)]);
    });
    await this.reload();
    return { year, source: calendarSource(year), provisional: !calendarCovers(year) };
  }

  /**
   * `GET /calendar/working-days?from=&count=`: the `count` working days strictly after `from` by the calendar in
   * force (the last is a due date `count` working days on), and whether a year they touch is provisional.
   */
  workingDays(from: string, count: number): WorkingDaysDto {
    const days = workingDaysAfter(from, count);
    const years = new Set([Number(from.slice(0, 4)), ...days.map((d) => Number(d.slice(0, 4)))]);
    return { from, count, days, provisional: [...years].some((y) => !calendarCovers(y)) };
  }

  private async readAll(): Promise<MaintainedYear[]> {
    return (await this.readYears()).map(({ year, documentNo, publishedOn, holidays, makeUpWorkdays }) => ({
      year,
      documentNo,
      publishedOn,
      holidays,
      makeUpWorkdays,
    }));
  }

  /** The maintained years (one when `only` is given), with their sorted lists and who changed them last. */
  private async readYears(only?: number): Promise<CalendarYearDto[]> {
    const rows: {
      year: number;
      document_no: string;
      published_on: string;
      updated_at: Date;
      username: string | null;
    }[] = await this.db.query(
      `SELECT y.year, y.document_no, to_char(y.published_on, 'YYYY-MM-DD') AS published_on, y.updated_at,
              u.username
       FROM calendar_year y LEFT JOIN app_user u ON u.id = y.updated_by
       WHERE $1::integer IS NULL OR y.year = $1 ORDER BY y.year`,
      [only ?? null],
    );
    if (!rows.length) return [];
    const days: { year: number; day: string; kind: 'holiday' | 'workday' }[] = await this.db.query(
      `SELECT year, to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_day
       WHERE year = ANY($1::integer[]) ORDER BY day`,
      [rows.map((r) => r.year)],
    );
    return rows.map((r) => ({
      year: r.year,
      documentNo: r.document_no,
      publishedOn: r.published_on,
      holidays: days.filter((d) => d.year === r.year && d.kind === 'holiday').map((d) => d.day),
      makeUpWorkdays: days.filter((d) => d.year === r.year && d.kind === 'workday').map((d) => d.day),
      updatedAt: new Date(r.updated_at).toISOString(),
      updatedBy: r.username,
    }));
  }

  private async reloadQuietly(): Promise<void> {
    try {
      await this.reload();
    } catch (e) {
      this.logger.warn(`holiday calendar: reload failed (${(e as Error)?.message ?? e})`);
    }
  }
}

/** 422 `CALENDAR_YEAR_INVALID` unless `year` is an integer in 2000–2100. */
function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR)
    throw new DomainError(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'CALENDAR_YEAR_INVALID',
      `${ERROR_MESSAGES.CALENDAR_YEAR_INVALID},收到 ${year}`,
      CALENDAR_RULE,
    );
}
