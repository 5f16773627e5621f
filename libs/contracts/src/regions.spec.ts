import { countiesOf, prefectureOf, regionPath } from './regions';

describe('region hierarchy (盟市 → 旗县区, issue 16 item 18)', () => {
  it('gives the path from the province down to a code', () => {
    expect(regionPath('150627')).toEqual(['150000', '150600', '150627']);
    expect(regionPath('150600')).toEqual(['150000', '150600']);
    expect(regionPath('150000')).toEqual(['150000']);
    expect(regionPath('110000')).toEqual([]);
    expect(regionPath(null)).toEqual([]);
  });

  it('names the 盟市 of a code: itself for a 盟市, the parent for a 旗县区, none for the province', () => {
    expect(prefectureOf('150627')).toBe('150600');
    expect(prefectureOf('152501')).toBe('152500');
    expect(prefectureOf('150600')).toBe('150600');
    expect(prefectureOf('150000')).toBeNull();
    expect(prefectureOf('999999')).toBeNull();
  });

  it('lists the 旗县区 of a 盟市', () => {
    expect(countiesOf('150600').map((r) => r.name)).toEqual([
      '东胜区',
      '康巴什区',
      '达拉特旗',
      '准格尔旗',
      '鄂托克前旗',
      '鄂托克旗',
      '杭锦旗',
      '乌审旗',
      '伊金霍洛旗',
    ]);
  });
});
