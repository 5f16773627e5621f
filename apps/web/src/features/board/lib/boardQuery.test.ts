import { CarrierKind, Field, ListingKind, OrgType } from '@jiebang/contracts';
import { describe, expect, it } from 'vitest';
import { boardFiltersToParams, DEFAULT_KIND, hasActiveFilters, parseBoardFilters } from './boardQuery';

describe('board filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters = {
      q: '稀土',
      kind: ListingKind.Challenge,
      field: Object.values(Field)[1],
      regionCode: '150200',
      posterOrgType: OrgType.Enterprise,
      posterCarrierKind: CarrierKind.InnovationCenter,
      taken: false,
      cooperationForm: 'equity_investment' as const,
      amount: '500-1000' as const,
      applyOpen: true,
      sort: 'deadline_asc' as const,
      page: 3,
    };
    expect(parseBoardFilters(boardFiltersToParams(filters))).toEqual(filters);
  });

  it('leaves defaults and empty values out of the URL', () => {
    expect(boardFiltersToParams({ q: '', kind: DEFAULT_KIND, page: 1 }).toString()).toBe('');
  });

  it('ignores what it does not know: unknown kinds, malformed regions, pages out of range', () => {
    const f = parseBoardFilters(
      new URLSearchParams(
        'kind=secret&regionCode=99&page=0&field=magic&posterOrgType=x&posterCarrierKind=centre&taken=yes&cooperationForm=gift&amount=9&sort=x',
      ),
    );
    expect(f).toEqual({
      q: '',
      kind: DEFAULT_KIND,
      field: undefined,
      regionCode: undefined,
      posterOrgType: undefined,
      posterCarrierKind: undefined,
      taken: undefined,
      cooperationForm: undefined,
      amount: undefined,
      applyOpen: undefined,
      sort: undefined,
      page: 1,
    });
    expect(parseBoardFilters(new URLSearchParams('page=1001')).page).toBe(1);
    expect(parseBoardFilters(new URLSearchParams('page=2.5')).page).toBe(1);
    expect(parseBoardFilters(new URLSearchParams('page=1000')).page).toBe(1000);
  });

  it('counts search text, field, region and org type as narrowing, not the kind or the page', () => {
    expect(hasActiveFilters({ q: '', kind: ListingKind.Challenge, page: 4 })).toBe(false);
    expect(hasActiveFilters({ q: ' x', kind: DEFAULT_KIND, page: 1 })).toBe(true);
    expect(hasActiveFilters({ q: '', kind: DEFAULT_KIND, regionCode: '150200', page: 1 })).toBe(true);
    expect(
      hasActiveFilters({ q: '', kind: DEFAULT_KIND, posterCarrierKind: CarrierKind.InnovationCenter, page: 1 }),
    ).toBe(true);
  });
});
