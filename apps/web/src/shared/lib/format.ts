/** Small display helpers shared by the board and the detail page. */
import dayjs from 'dayjs';
import { regionFullName } from '@jiebang/contracts';

/** Placeholder for a form field that was left empty. */
export const EMPTY_TEXT = '未填写';

/** Label of an enum value from a label map, or the raw value when unknown; `undefined` for empty. */
export function labelOf(labels: Record<string, string>, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return labels[value] ?? value;
}

/** Human region name: the full GB/T 2260 name of `code`, else `name`, else the code itself. */
export function regionLabel(code: string | null | undefined, name?: string | null): string | undefined {
  return regionFullName(code) ?? (name || undefined) ?? (code || undefined);
}

/**
 * Formats a timestamp (ISO string, epoch milliseconds, or epoch seconds) as `YYYY-MM-DD` / with time.
 * Returns `undefined` for empty or unparsable input.
 */
export function formatDate(value: string | number | null | undefined, withTime = false): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = typeof value === 'number' ? dayjs(value < 1e12 ? value * 1000 : value) : dayjs(value);
  if (!d.isValid()) return undefined;
  return d.format(withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD');
}
