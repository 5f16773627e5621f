import { OrgType } from '@jiebang/contracts';
import {
  isRejection,
  mapOrgType,
  parseListingRow,
  parseOrgRow,
  posterOrgName,
  publicPosterName,
  readParentRelation,
  UNNAMED_POSTER,
} from './import-rows';

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

describe('readParentRelation (RULEBOOK §6, conservative)', () => {
  const row = (relation: string | null, parentNames = ['P'], sourceCategory = 'enterprise', name = '某公司') => ({
    relation,
    parentNames,
    sourceCategory,
    name,
  });

  it('reads a stated percentage as equity', () => {
    expect(readParentRelation(row('subsidiary (61.20%)'))).toEqual({
      control: true,
      kind: 'equity',
      equityPct: '61.20',
    });
  });

  it('reads a stated 控股股东 below 50 % as an explicit control relation, keeping the percentage (北方稀土)', () => {
    const rel = '控股股东 (第一大股东, 持股 38.92 %, 截至 2019-09; 实际控制人 内蒙古自治区人民政府)';
    expect(readParentRelation(row(rel))).toEqual({ control: true, kind: 'agreement', equityPct: '38.92' });
    expect(readParentRelation(row('第一大股东 (持股 38.92 %)'))).toEqual({
      control: true,
      kind: 'equity',
      equityPct: '38.92',
    });
  });

  it('reads a 分公司 as a branch', () => {
    expect(readParentRelation(row('分公司', ['国家能源集团'], 'branch'))).toMatchObject({
      control: true,
      kind: 'branch',
    });
  });

  it('does not read a joint venture, a related party, incubation, hosting or an inference as control', () => {
    for (const r of [
      row('由两集团共同出资成立', ['荣程集团', '建元集团']),
      row('关联方(向伊泰煤炭及附属公司提供金融服务)'),
      row('国家石墨烯创新中心孵化企业(非股权母子关系表述)'),
      row('依托单位(2015-09-30批准)'),
      row('inferred from name'),
      row('派出研究院(推断)'),
      row('由璞泰来投资(2017-10成立)'),
    ]) {
      expect(readParentRelation(r).control).toBe(false);
    }
  });

  it('reads any other stated parent as an explicit control relation', () => {
    expect(readParentRelation(row('下属冶炼企业'))).toMatchObject({ control: true, kind: 'agreement' });
    expect(readParentRelation(row(null))).toMatchObject({ control: true, kind: 'agreement' });
  });
});

describe('publicPosterName (issue 16 item 14: the source’s remarks are provenance, not a poster name)', () => {
  it('drops a remark about the source, shows a remark-only poster as unnamed, keeps informative remarks', () => {
    expect(publicPosterName('(2015–2018年度内蒙古自治区科学技术奖项目,完成单位未见于摘录)')).toBe(UNNAMED_POSTER);
    expect(publicPosterName('(同上,完成单位未见于摘录)')).toBe(UNNAMED_POSTER);
    expect(publicPosterName('中煤能源化工有限公司(来源原文称谓)')).toBe('中煤能源化工有限公司');
    expect(publicPosterName('中车株洲所(储能系统设备第一中标候选人)')).toBe('中车株洲所(储能系统设备第一中标候选人)');
    expect(publicPosterName('包头稀土研究院')).toBe('包头稀土研究院');
  });

  it('keeps the source’s own text in the (staff-only) note of the listing row', () => {
    const row = parseListingRow(
      {
        kind: 'achievement',
        field: '稀土',
        title: '某成果',
        poster: '(完成单位未见于摘录)',
        note: '科技奖',
        source: ['x'],
      },
      0,
    );
    expect(row).toMatchObject({
      posterName: '(完成单位未见于摘录)',
      publicPosterName: UNNAMED_POSTER,
      note: '科技奖;发榜方原文:(完成单位未见于摘录)',
    });
  });
});
