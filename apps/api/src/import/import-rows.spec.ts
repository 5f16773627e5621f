import { OrgType } from '@jiebang/contracts';
import { isRejection, mapOrgType, parseListingRow, parseOrgRow, posterOrgName } from './import-rows';

describe('import row validation', () => {
  it('maps the source categories of shared/data/orgs.json', () => {
    expect(mapOrgType('listed-enterprise')).toBe(OrgType.Enterprise);
    expect(mapOrgType('enterprise(state-owned)')).toBe(OrgType.Enterprise);
    expect(mapOrgType('innovation-center(enterprise)')).toBe(OrgType.InnovationCenter);
    expect(mapOrgType('research-institute')).toBe(OrgType.ResearchInstitute);
    expect(mapOrgType('pilot_base')).toBe(OrgType.PilotBase);
    expect(mapOrgType('bank')).toBeUndefined();
  });

  it('reads the poster organisation name out of a poster text', () => {
    expect(posterOrgName('中车株洲所(储能系统设备第一中标候选人)')).toBe('中车株洲所');
    expect(posterOrgName('内蒙古久泰新材料有限公司(联合清华大学、久泰能源(鄂尔多斯)有限公司)')).toBe(
      '内蒙古久泰新材料有限公司',
    );
    expect(posterOrgName('(同上,完成单位未见于摘录)')).toBeNull();
    expect(posterOrgName('包头稀土研究院')).toBe('包头稀土研究院');
  });

  it('maps the Chinese field names, including 碳捕集封存(CCUS)', () => {
    const r = parseListingRow({ kind: 'challenge', title: 't', poster: 'p', field: '碳捕集封存(CCUS)' }, 0);
    expect(isRejection(r) ? r.code : r.field).toBe('ccus');
  });

  it('keeps list-level records without a field as announcements', () => {
    const r = parseListingRow({ granularity: 'list', kind: 'challenge', title: 't', poster: 'p', field: null }, 0);
    expect(isRejection(r)).toBe(false);
  });

  it('counts characters, not UTF-16 units, against the 3000-character limit', () => {
    const ok = parseListingRow(
      { kind: 'achievement', field: '稀土', title: 't', poster: 'p', summary: '𠀀'.repeat(3000) },
      0,
    );
    expect(isRejection(ok)).toBe(false);
  });

  it('refuses a non-object row', () => {
    const r = parseOrgRow('oops', 3);
    expect(isRejection(r) && r).toMatchObject({ code: 'ROW_FORMAT', index: 3 });
  });
});
