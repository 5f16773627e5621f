import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The holiday calendar staff maintain (issue 14 item 5): one `calendar_year` per year with the State Council
 * notice's 文号 (`document_no`) and date (`published_on`), and its days in `calendar_day`: `holiday` (放假) or
 * `workday` (调休上班). The primary key on `day` makes a date either a holiday or a make-up working day, never both;
 * the check keeps each day inside its year. A year's days go with it (ON DELETE CASCADE).
 */
export class HolidayCalendar1766300000000 implements MigrationInterface {
  name = 'HolidayCalendar1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        year integer NOT NULL,
        document_no varchar(100) NOT NULL,
        published_on date NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid NULL,
        CONSTRAINT pk_calendar_year PRIMARY KEY (id),
        CONSTRAINT uq_calendar_year_year UNIQUE (year),
        CONSTRAINT ck_calendar_year_year CHECK (year BETWEEN 2000 AND 2100),
        CONSTRAINT fk_calendar_year_updated_by FOREIGN KEY (updated_by) REFERENCES app_user (id) ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE calendar_day (
        day date NOT NULL,
        year integer NOT NULL,
        kind varchar(8) NOT NULL,
        CONSTRAINT pk_calendar_day PRIMARY KEY (day),
        CONSTRAINT ck_calendar_day_kind CHECK (kind IN ('holiday', 'workday')),
        CONSTRAINT ck_calendar_day_in_year CHECK (extract(year FROM day)::integer = year),
        CONSTRAINT fk_calendar_day_year FOREIGN KEY (year) REFERENCES calendar_year (year) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_calendar_day_year ON calendar_day (year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_day`);
    await q.query(`DROP TABLE calendar_year`);
  }
}
