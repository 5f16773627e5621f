/**
 * GB/T 2260 administrative divisions of Inner Mongolia (province, 12 leagues/cities, 103 counties).
 * Source: 民政部 县级以上行政区划代码 as of 2024-12-31, via github:yescallop/areacodes data/2024.txt
 * (commit eed219a, CC0). Copied from shared/data/nmg_divisions_2024.json.
 * Real USCCs may carry registrar codes outside this list (e.g. 150291): "in region" is the `15` prefix.
 */
export type RegionLevel = 'province' | 'prefecture' | 'county';

/** One division: `[code, name, level, parentCode]`. */
type Row = [string, string, RegionLevel, string | null];

const ROWS: Row[] = [
  ['150000', '内蒙古自治区', 'province', null],
  ['150100', '呼和浩特市', 'prefecture', '150000'],
  ['150102', '新城区', 'county', '150100'],
  ['150103', '回民区', 'county', '150100'],
  ['150104', '玉泉区', 'county', '150100'],
  ['150105', '赛罕区', 'county', '150100'],
  ['150121', '土默特左旗', 'county', '150100'],
  ['150122', '托克托县', 'county', '150100'],
  ['150123', '和林格尔县', 'county', '150100'],
  ['150124', '清水河县', 'county', '150100'],
  ['150125', '武川县', 'county', '150100'],
  ['150200', '包头市', 'prefecture', '150000'],
  ['150202', '东河区', 'county', '150200'],
  ['150203', '昆都仑区', 'county', '150200'],
  ['150204', '青山区', 'county', '150200'],
  ['150205', '石拐区', 'county', '150200'],
  ['150206', '白云鄂博矿区', 'county', '150200'],
  ['150207', '九原区', 'county', '150200'],
  ['150221', '土默特右旗', 'county', '150200'],
  ['150222', '固阳县', 'county', '150200'],
  ['150223', '达尔罕茂明安联合旗', 'county', '150200'],
  ['150300', '乌海市', 'prefecture', '150000'],
  ['150302', '海勃湾区', 'county', '150300'],
  ['150303', '海南区', 'county', '150300'],
  ['150304', '乌达区', 'county', '150300'],
  ['150400', '赤峰市', 'prefecture', '150000'],
  ['150402', '红山区', 'county', '150400'],
  ['150403', '元宝山区', 'county', '150400'],
  ['150404', '松山区', 'county', '150400'],
  ['150421', '阿鲁科尔沁旗', 'county', '150400'],
  ['150422', '巴林左旗', 'county', '150400'],
  ['150423', '巴林右旗', 'county', '150400'],
  ['150424', '林西县', 'county', '150400'],
  ['150425', '克什克腾旗', 'county', '150400'],
  ['150426', '翁牛特旗', 'county', '150400'],
  ['150428', '喀喇沁旗', 'county', '150400'],
  ['150429', '宁城县', 'county', '150400'],
  ['150430', '敖汉旗', 'county', '150400'],
  ['150500', '通辽市', 'prefecture', '150000'],
  ['150502', '科尔沁区', 'county', '150500'],
  ['150521', '科尔沁左翼中旗', 'county', '150500'],
  ['150522', '科尔沁左翼后旗', 'county', '150500'],
  ['150523', '开鲁县', 'county', '150500'],
  ['150524', '库伦旗', 'county', '150500'],
  ['150525', '奈曼旗', 'county', '150500'],
  ['150526', '扎鲁特旗', 'county', '150500'],
  ['150581', '霍林郭勒市', 'county', '150500'],
  ['150600', '鄂尔多斯市', 'prefecture', '150000'],
  ['150602', '东胜区', 'county', '150600'],
  ['150603', '康巴什区', 'county', '150600'],
  ['150621', '达拉特旗', 'county', '150600'],
  ['150622', '准格尔旗', 'county', '150600'],
  ['150623', '鄂托克前旗', 'county', '150600'],
  ['150624', '鄂托克旗', 'county', '150600'],
  ['150625', '杭锦旗', 'county', '150600'],
  ['150626', '乌审旗', 'county', '150600'],
  ['150627', '伊金霍洛旗', 'county', '150600'],
  ['150700', '呼伦贝尔市', 'prefecture', '150000'],
  ['150702', '海拉尔区', 'county', '150700'],
  ['150703', '扎赉诺尔区', 'county', '150700'],
  ['150721', '阿荣旗', 'county', '150700'],
  ['150722', '莫力达瓦达斡尔族自治旗', 'county', '150700'],
  ['150723', '鄂伦春自治旗', 'county', '150700'],
  ['150724', '鄂温克族自治旗', 'county', '150700'],
  ['150725', '陈巴尔虎旗', 'county', '150700'],
  ['150726', '新巴尔虎左旗', 'county', '150700'],
  ['150727', '新巴尔虎右旗', 'county', '150700'],
  ['150781', '满洲里市', 'county', '150700'],
  ['150782', '牙克石市', 'county', '150700'],
  ['150783', '扎兰屯市', 'county', '150700'],
  ['150784', '额尔古纳市', 'county', '150700'],
  ['150785', '根河市', 'county', '150700'],
  ['150800', '巴彦淖尔市', 'prefecture', '150000'],
  ['150802', '临河区', 'county', '150800'],
  ['150821', '五原县', 'county', '150800'],
  ['150822', '磴口县', 'county', '150800'],
  ['150823', '乌拉特前旗', 'county', '150800'],
  ['150824', '乌拉特中旗', 'county', '150800'],
  ['150825', '乌拉特后旗', 'county', '150800'],
  ['150826', '杭锦后旗', 'county', '150800'],
  ['150900', '乌兰察布市', 'prefecture', '150000'],
  ['150902', '集宁区', 'county', '150900'],
  ['150921', '卓资县', 'county', '150900'],
  ['150922', '化德县', 'county', '150900'],
  ['150923', '商都县', 'county', '150900'],
  ['150924', '兴和县', 'county', '150900'],
  ['150925', '凉城县', 'county', '150900'],
  ['150926', '察哈尔右翼前旗', 'county', '150900'],
  ['150927', '察哈尔右翼中旗', 'county', '150900'],
  ['150928', '察哈尔右翼后旗', 'county', '150900'],
  ['150929', '四子王旗', 'county', '150900'],
  ['150981', '丰镇市', 'county', '150900'],
  ['152200', '兴安盟', 'prefecture', '150000'],
  ['152201', '乌兰浩特市', 'county', '152200'],
  ['152202', '阿尔山市', 'county', '152200'],
  ['152221', '科尔沁右翼前旗', 'county', '152200'],
  ['152222', '科尔沁右翼中旗', 'county', '152200'],
  ['152223', '扎赉特旗', 'county', '152200'],
  ['152224', '突泉县', 'county', '152200'],
  ['152500', '锡林郭勒盟', 'prefecture', '150000'],
  ['152501', '二连浩特市', 'county', '152500'],
  ['152502', '锡林浩特市', 'county', '152500'],
  ['152522', '阿巴嘎旗', 'county', '152500'],
  ['152523', '苏尼特左旗', 'county', '152500'],
  ['152524', '苏尼特右旗', 'county', '152500'],
  ['152525', '东乌珠穆沁旗', 'county', '152500'],
  ['152526', '西乌珠穆沁旗', 'county', '152500'],
  ['152527', '太仆寺旗', 'county', '152500'],
  ['152528', '镶黄旗', 'county', '152500'],
  ['152529', '正镶白旗', 'county', '152500'],
  ['152530', '正蓝旗', 'county', '152500'],
  ['152531', '多伦县', 'county', '152500'],
  ['152900', '阿拉善盟', 'prefecture', '150000'],
  ['152921', '阿拉善左旗', 'county', '152900'],
  ['152922', '阿拉善右旗', 'county', '152900'],
  ['152923', '额济纳旗', 'county', '152900'],
];

/** A GB/T 2260 division. */
export class Region {
  code!: string;
  name!: string;
  level!: RegionLevel;
  parentCode!: string | null;
}

/** All divisions of Inner Mongolia, in code order. */
export const NMG_REGIONS: readonly Region[] = ROWS.map(([code, name, level, parentCode]) => ({
  code,
  name,
  level,
  parentCode,
}));

const BY_CODE = new Map(NMG_REGIONS.map((r) => [r.code, r]));

/** The division with this code, or `undefined` when it is not an Inner Mongolia GB/T 2260 code. */
export function findRegion(code: string | null | undefined): Region | undefined {
  return code ? BY_CODE.get(code) : undefined;
}

/**
 * Full Chinese name of a code, e.g. `150203` → `内蒙古自治区包头市昆都仑区`; codes outside the table give
 * `null`.
 */
export function regionFullName(code: string | null | undefined): string | null {
  const names: string[] = [];
  let r = findRegion(code);
  while (r) {
    names.unshift(r.name);
    r = findRegion(r.parentCode);
  }
  return names.length ? names.join('') : null;
}

/**
 * The codes from the province down to `code` (issue 16 item 18: regions are a hierarchy 盟市 → 旗县区), e.g.
 * `150627` (伊金霍洛旗) → `['150000', '150600', '150627']`, `150600` → `['150000', '150600']`; `[]` for a code outside
 * the table. The board indexes it so that choosing a 盟市 includes its 旗县区.
 */
export function regionPath(code: string | null | undefined): string[] {
  const codes: string[] = [];
  let r = findRegion(code);
  while (r) {
    codes.unshift(r.code);
    r = findRegion(r.parentCode);
  }
  return codes;
}

/**
 * The 盟市 (prefecture) a code belongs to: the code itself for a 盟市, its parent for a 旗县区, `null` for the
 * province or a code outside the table.
 */
export function prefectureOf(code: string | null | undefined): string | null {
  const r = findRegion(code);
  if (!r) return null;
  if (r.level === 'prefecture') return r.code;
  if (r.level === 'county') return r.parentCode;
  return null;
}

/** The 旗县区 directly under a 盟市, in code order. */
export function countiesOf(prefectureCode: string): Region[] {
  return NMG_REGIONS.filter((r) => r.parentCode === prefectureCode && r.level === 'county');
}
