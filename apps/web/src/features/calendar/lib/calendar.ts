/**
 * The holiday calendar on the web (issue 14 item 5): the types of `/api/v1/calendar`, the sync of the maintained
 * years into `@jiebang/policy` (so the notice preview and the deal pages count working days as the API does), and
 * the editor's day states.
 */
import { setMaintainedCalendar } from '@jiebang/policy';
import { useEffect } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';

export type CalendarYearDto = components['schemas']['CalendarYearDto'];
export type CalendarCoverageDto = components['schemas']['CalendarCoverageDto'];
export type CalendarYearsDto = components['schemas']['CalendarYearsDto'];

/**
 * Loads the maintained years (`GET /api/v1/calendar/years`, public) and installs them in `@jiebang/policy`'s
 * calendar whenever they change; mounted once by the app.
 */
export function useCalendarSync(): void {
  const q = $api.useQuery('get', '/api/v1/calendar/years', {}, { staleTime: 5 * 60_000 });
  const years = q.data?.years;
  useEffect(() => {
    if (!years) return;
    try {
      setMaintainedCalendar(years);
    } catch {
      // The API validated every year; a malformed answer leaves the calendar as it was.
    }
  }, [years]);
}

/** What a date is in the year being edited. */
export type DayMark = 'holiday' | 'workday';

/** Next state of a date clicked in the editor: ordinary → 放假 → 调休上班 → ordinary. */
export function nextMark(current: DayMark | undefined): DayMark | undefined {
  if (current === undefined) return 'holiday';
  if (current === 'holiday') return 'workday';
  return undefined;
}

/** Plain-Chinese label of each source of a year's calendar. */
export const SOURCE_TAGS: Record<CalendarCoverageDto['source'], { text: string; color: string }> = {
  maintained: { text: '人工维护', color: 'green' },
  package: { text: '内置日历', color: 'blue' },
  none: { text: '暂无安排 · 暂定', color: 'orange' },
};
