import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ListingKind, OrgType } from './enums';

/**
 * Names of the score parts; each part is explained in `ScorePart.explanation`. `carrierCapacity` (0–5, issue 15 §8:
 * the declared service capacity of a carrier in 运行 the organisation hosts, in the listing's field) is listed only
 * where it counts.
 */
export type ScorePartName = 'fieldFit' | 'textRelevance' | 'capacity' | 'region' | 'trackRecord' | 'carrierCapacity';

/** One named part of a match score: `points` out of `max`, with the reason in Chinese. */
export class ScorePart {
  name!: ScorePartName;
  label!: string;
  points!: number;
  max!: number;
  explanation!: string;
}

/** An eligible organisation ranked for a listing. `score` = Σ parts' points (0–100, plus 0–5 `carrierCapacity`). */
export class OrgMatchDto {
  orgId!: string;
  name!: string;
  type!: OrgType;
  regionCode!: string | null;
  regionName!: string | null;
  score!: number;
  parts!: ScorePart[];
  warnings!: { code: string; message: string }[];
}

/** A listing ranked for an organisation. */
export class ListingMatchDto {
  listingId!: string;
  title!: string;
  kind!: ListingKind;
  field!: Field;
  posterName!: string;
  score!: number;
  parts!: ScorePart[];
}

export interface MatchPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Query of the `/matches` endpoints. */
export class MatchQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  pageSize?: number;
}

/** A page of `GET /api/v1/listings/:id/matches`: ranked candidate organisations. */
export class OrgMatchPageDto implements MatchPage<OrgMatchDto> {
  items!: OrgMatchDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/** A page of `GET /api/v1/organizations/:id/matches`: ranked listings the organisation may take. */
export class ListingMatchPageDto implements MatchPage<ListingMatchDto> {
  items!: ListingMatchDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}
