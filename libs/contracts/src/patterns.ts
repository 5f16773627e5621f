/**
 * The text patterns of the API's values, each defined once and used by the DTOs, the API's services and the web.
 */

/**
 * An amount in yuan as the API takes it (RULEBOOK §5): a decimal string with at most 13 integer digits and at
 * most two decimals, no sign, no exponent (`"1234.56"`, `"2152"`).
 */
export const YUAN_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;

/**
 * A UUID as the database issues them (`gen_random_uuid()`) and clients send them as idempotency keys: RFC 9562
 * versions 1–8 of the RFC 4122 variant, any letter case (`"0b6d2c1e-8f3a-4c1b-9d2e-5a6f7b8c9d0e"`).
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True when `value` is a string matching `UUID_PATTERN`. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
