import { AUTHORITIES, authorityRegionScope, inAuthority } from './users';

describe('recommending authorities (RULEBOOK §8)', () => {
  it('lists the 12 leagues and cities plus 满洲里 and 二连浩特 as region authorities', () => {
    const regions = AUTHORITIES.filter((a) => a.kind === 'region').map((a) => a.code);
    expect(regions).toHaveLength(14);
    expect(regions).toEqual(expect.arrayContaining(['150200', '150781', '152501']));
  });

  it('a league or city covers its counties, except the cities that are their own authorities', () => {
    expect(inAuthority('150203', '150200')).toBe(true);
    expect(inAuthority('150602', '150200')).toBe(false);
    expect(inAuthority('150702', '150700')).toBe(true);
    expect(inAuthority('150781', '150700')).toBe(false);
    expect(inAuthority('150781', '150781')).toBe(true);
    expect(inAuthority('152501', '152500')).toBe(false);
    expect(inAuthority('152501', '152501')).toBe(true);
    expect(inAuthority(null, '150200')).toBe(false);
  });

  it('a department has no region', () => {
    expect(authorityRegionScope('dept.industry')).toBeNull();
    expect(inAuthority('150203', 'dept.industry')).toBe(false);
  });
});
