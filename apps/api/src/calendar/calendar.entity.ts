import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { UserEntity } from '../auth/user.entity';

/**
 * One year of the maintained holiday calendar (migration `1766300000000-holiday-calendar`; issue 14 item 5): the
 * State Council notice's 文号 and publication date; its days are `CalendarDayEntity` rows.
 */
@Entity({ name: 'calendar_year' })
@Unique('uq_calendar_year_year', ['year'])
@Check('ck_calendar_year_year', 'year BETWEEN 2000 AND 2100')
export class CalendarYearEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_calendar_year' }) id!: string;
  /** Calendar year, 2000–2100. */
  @Column({ type: 'integer' }) year!: number;
  /** 文号 of the notice. */
  @Column({ name: 'document_no', type: 'varchar', length: 100 }) documentNo!: string;
  /** The notice's date, `YYYY-MM-DD`. */
  @Column({ name: 'published_on', type: 'date' }) publishedOn!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  /** The staff member who last changed the year (`app_user.id`). */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_calendar_year_updated_by' })
  updater?: UserEntity;
}

/** One date of a maintained year: `holiday` (放假) or `workday` (调休上班); a date is never both (primary key). */
@Entity({ name: 'calendar_day' })
@Index('ix_calendar_day_year', ['year'])
@Check('ck_calendar_day_kind', `kind IN ('holiday', 'workday')`)
@Check('ck_calendar_day_in_year', 'extract(year FROM day)::integer = year')
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_calendar_day' }) day!: string;
  @Column({ type: 'integer' }) year!: number;
  @Column({ type: 'varchar', length: 8 }) kind!: 'holiday' | 'workday';

  @ManyToOne(() => CalendarYearEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'year', referencedColumnName: 'year', foreignKeyConstraintName: 'fk_calendar_day_year' })
  calendarYear?: CalendarYearEntity;
}

/** The calendar's entities, for `ENTITIES`. */
export const CALENDAR_ENTITIES = [CalendarYearEntity, CalendarDayEntity];
