/**
 * 信用记录 in force (seed `004 §14`): a credit record (联合惩戒名单 / 科研失信) blocks its organisation on every
 * Beijing calendar day from `validFrom` to `validTo`, both inclusive; `validTo: null` is open-ended. The one
 * definition of "a credit record in force on a date": `creditRecordInForce` for records in memory and
 * `creditInForceSql` for the same test in PostgreSQL. Dates are Beijing dates (`beijingDate` of `./notice`),
 * never the database's `CURRENT_DATE` (the server's UTC day).
 */

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The validity of a credit record: ISO dates `YYYY-MM-DD` (Beijing calendar days), `validTo` null = open-ended. */
export interface CreditValidity {
  validFrom: string;
  validTo: string | null;
}

/**
 * True when the credit record is in force on `onDate` (`YYYY-MM-DD`, a Beijing calendar day — use
 * `beijingDate()` for today): `validFrom ≤ onDate ≤ validTo`, both ends inclusive (seed `004 §14`).
 * @throws RangeError when `onDate`, `validFrom` or `validTo` is not `YYYY-MM-DD`.
 */
export function creditRecordInForce(record: CreditValidity, onDate: string): boolean {
  for (const d of [onDate, record.validFrom, record.validTo]) {
    if (d != null && !ISO_DAY.test(d)) throw new RangeError(`not a YYYY-MM-DD date: ${String(d)}`);
  }
  return record.validFrom <= onDate && (record.validTo == null || record.validTo >= onDate);
}

/**
 * The same test as `creditRecordInForce`, as a SQL predicate on the `credit_record` row aliased `alias`, for the
 * date bound as the parameter `dateParam` (e.g. `'$2'`; bind a Beijing date such as `beijingDate()`):
 * `c.valid_from <= $2::date AND (c.valid_to IS NULL OR c.valid_to >= $2::date)`.
 * @throws RangeError for an alias or parameter that is not a plain identifier / `$n`.
 */
export function creditInForceSql(alias: string, dateParam: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new RangeError(`not a SQL alias: ${alias}`);
  if (!/^\$\d+$/.test(dateParam)) throw new RangeError(`not a SQL parameter: ${dateParam}`);
  return `${alias}.valid_from <= ${dateParam}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${dateParam}::date)`;
}
