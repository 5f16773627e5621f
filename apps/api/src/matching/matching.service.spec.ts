import { SCORE_MAX, topTierOf } from './matching.service';

/**
 * The score of a candidate without text relevance and track record, as the ranking SQL computes it
 * (`matching.service.ts`, `PART`): field fit + capacity + region, rounded to 0.1.
 */
function scoreWithoutText(
  listing: { regionCode: string | null; totalInvestmentFen: string | null },
  org: { fieldFit: boolean; regionCode: string | null; capitalFen: string | null },
): number {
  const inv = listing.totalInvestmentFen === null ? null : Number(listing.totalInvestmentFen);
  const ratio = inv === null || inv === 0 || org.capitalFen === null ? 0 : Math.min(1, Number(org.capitalFen) / inv);
  const region =
    listing.regionCode !== null && org.regionCode?.slice(0, 4) === listing.regionCode.slice(0, 4)
      ? 10
      : org.regionCode?.startsWith('15')
        ? 5
        : 0;
  const raw = (org.fieldFit ? SCORE_MAX.fieldFit : 0) + ratio * SCORE_MAX.capacity + region;
  return Math.round(raw * 10) / 10;
}

/** Whether the organisation is in the listing's top tier (field fit in the tier's region). */
function inTier(
  listing: { regionCode: string | null },
  org: { fieldFit: boolean; regionCode: string | null },
): boolean {
  if (!org.fieldFit || org.regionCode === null) return false;
  return listing.regionCode === null
    ? org.regionCode.startsWith('15')
    : org.regionCode.slice(0, 4) === listing.regionCode.slice(0, 4);
}

describe('topTierOf (the exact two-phase ranking of candidatesFor)', () => {
  it("takes field fit in the listing's 地市, with the ceiling 30 + 5 + capacity for everybody else", () => {
    expect(topTierOf({ regionCode: '150203', totalInvestmentFen: '5000000' })).toEqual({
      regionSql: 'left(o.region_code, 4) = left($5::text, 4)',
      range: ['150200', '150299'],
      ceiling: 55,
    });
    expect(topTierOf({ regionCode: '110105', totalInvestmentFen: null })?.ceiling).toBe(35);
    expect(topTierOf({ regionCode: '150203', totalInvestmentFen: '0' })?.ceiling).toBe(35);
  });

  it('takes field fit in Inner Mongolia without a listing region (nobody gets the 10), ceiling 30 + capacity', () => {
    expect(topTierOf({ regionCode: null, totalInvestmentFen: '1' })).toEqual({
      regionSql: "o.region_code LIKE '15%'",
      range: ['150000', '159999'],
      ceiling: 50,
    });
    expect(topTierOf({ regionCode: null, totalInvestmentFen: null })?.ceiling).toBe(30);
  });

  it('derives no tier from a region code the schema would refuse', () => {
    expect(topTierOf({ regionCode: '1502', totalInvestmentFen: '1' })).toBeNull();
  });

  it('bounds every candidate outside the tier by the ceiling (no text relevance, no track record)', () => {
    const listings = ['150203', '150102', '110105', null].flatMap((regionCode) =>
      [null, '0', '1000000', '250000000'].map((totalInvestmentFen) => ({ regionCode, totalInvestmentFen })),
    );
    const regions = ['150203', '150207', '150102', '150802', '110105', '440305', null];
    const capitals = [null, '0', '1', '999999', '1000000', '249999999', '250000000', '99999999999'];
    let outside = 0;
    for (const listing of listings) {
      const tier = topTierOf(listing);
      if (!tier) throw new Error('every listing here has a tier');
      const [from, to] = tier.range;
      for (const fieldFit of [true, false])
        for (const regionCode of regions)
          for (const capitalFen of capitals) {
            const org = { fieldFit, regionCode, capitalFen };
            // The tier's range is the tier's region as codes.
            expect(regionCode !== null && regionCode >= from && regionCode <= to).toBe(
              listing.regionCode === null
                ? (regionCode?.startsWith('15') ?? false)
                : regionCode?.slice(0, 4) === listing.regionCode.slice(0, 4),
            );
            if (inTier(listing, org)) continue;
            outside += 1;
            expect(scoreWithoutText(listing, org)).toBeLessThanOrEqual(tier.ceiling);
          }
    }
    expect(outside).toBeGreaterThan(500);
  });
});
