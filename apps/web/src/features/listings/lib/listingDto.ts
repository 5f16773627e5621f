/**
 * The listing as the API serves it (`GET /api/v1/listings/{id}`, and the answer of every workflow action), typed
 * by the generated contract, and its demand block read as the `ChallengeDemandDto` the API documents.
 */
import { ListingKind, type ChallengeDemandDto } from '@jiebang/contracts';
import type { components } from '../../../../generated/openapi-schema';

/** A listing in any status (drafts and queued ones are visible to the poster and staff). */
export type ListingDetailDto = components['schemas']['ListingDetail'];

/** One expert's 论证意见 (`GET /api/v1/listings/{id}/opinions`). */
export type ScreeningOpinion = components['schemas']['ScreeningOpinionRecordDto'];

/**
 * The demand block of a listing (`null` when it has none). The contract types it loosely (an object); the API
 * fills it from `ChallengeDemandDto`, whose members are all optional.
 */
export function listingDemand(listing: Pick<ListingDetailDto, 'demand'>): ChallengeDemandDto | null {
  return (listing.demand ?? null) as ChallengeDemandDto | null;
}

/** The demand block of a 技术攻关类 listing when it has some content, else `null`. */
export function filledDemand(listing: Pick<ListingDetailDto, 'demand' | 'kind'>): ChallengeDemandDto | null {
  const demand = listingDemand(listing);
  if (listing.kind !== ListingKind.Challenge || !demand) return null;
  const filled = Object.values(demand).some((v) => (Array.isArray(v) ? v.length > 0 : !!v));
  return filled ? demand : null;
}
