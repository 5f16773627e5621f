import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The pagination of a list endpoint's query string, one home for its parameters and checks: `page` (1-based,
 * integer ≥ 1) and `pageSize` (integer 1–100); both optional, the service supplies its defaults (usually page 1,
 * 20 a page) and answers a page `{ items, total, page, pageSize }`. A query extends it
 * (`class DeliveryQueryDto extends PageQueryDto`). A query with bounds of its own declares both properties itself
 * instead (`MatchQuery`: page ≤ 100, pageSize ≤ 50; TypeScript's define semantics forbid redeclaring an inherited
 * property without an initializer). A value out of bounds or not an integer is 400 `VALIDATION_FAILED`.
 */
export class PageQueryDto {
  // No doc comments on these two: they would become OpenAPI descriptions (the parameters predate this class). The
  // bounds are literals: the Swagger plugin reads literal arguments only (a named constant loses `maximum`).
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
