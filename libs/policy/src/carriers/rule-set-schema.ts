import { CarrierKind, CarrierProgrammeType, IntlCoopBaseType, type CarrierRuleSet } from '@jiebang/contracts';

/** The outcome of `parseCarrierRuleSet`: the rule set, or the problems in plain Chinese (with the JSON path). */
export type CarrierRuleSetParse = { ok: true; ruleSet: CarrierRuleSet } | { ok: false; problems: string[] };

const UNITS = ['m2', 'person', 'count', 'fen', 'year', 'bool', 'ratio'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FEN = /^\d{1,15}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Validates a rule set staff load as data (issue 15 §1: Inner Mongolia's own 内党科办发〔2025〕12号 when its text
 * is at hand) against the `CarrierRuleSet` shape of `@jiebang/contracts`: every field present and typed, enums
 * known, money as integer-fen strings, rates 0–10000 bp, dates `YYYY-MM-DD`, every threshold and money rule
 * citing an article (`rule` non-blank), `min`/`max` non-negative safe integers, ratios `[a, b]` with b > 0.
 * Unknown fields are refused (a typo must not be silently ignored).
 */
export function parseCarrierRuleSet(input: unknown): CarrierRuleSetParse {
  const p: string[] = [];
  if (!isObj(input)) return { ok: false, problems: ['规则集应为一个 JSON 对象'] };
  const allowed = [
    'id',
    'version',
    'name',
    'programme',
    'source',
    'kinds',
    'validFrom',
    'validUntil',
    'thresholds',
    'requiredEvidence',
    'quota',
    'noticeWorkingDays',
    'annualReportDueMonthDay',
    'evaluationEveryYears',
    'rectificationYears',
    'reapplyBarYears',
    'preparingYears',
    'missedReportsRevokeYears',
    'missedReportCountsUnqualified',
    'support',
    'articles',
  ];
  for (const k of Object.keys(input)) if (!allowed.includes(k)) p.push(`${k}: 未知字段`);
  if (!isText(input.id) || !/^[a-z0-9][a-z0-9-]{1,63}$/.test(input.id))
    p.push('id: 应为小写字母、数字和连字符组成的标识(2–64 位)');
  if (!isNat(input.version) || input.version < 1) p.push('version: 应为正整数');
  if (!isText(input.name)) p.push('name: 不能为空');
  if (!Object.values(CarrierProgrammeType).includes(input.programme as CarrierProgrammeType))
    p.push(`programme: 应为 ${Object.values(CarrierProgrammeType).join(' / ')}`);
  const src = input.source;
  if (!isObj(src)) p.push('source: 应写明来源文件(documentNo, title, issuer, region)');
  else
    for (const k of ['documentNo', 'title', 'issuer', 'region']) if (!isText(src[k])) p.push(`source.${k}: 不能为空`);
  const kinds = input.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !Object.values(CarrierKind).includes(k)))
    p.push(`kinds: 应为非空数组,取值 ${Object.values(CarrierKind).join(' / ')}`);
  for (const k of ['validFrom', 'validUntil'])
    if (input[k] !== null && !(typeof input[k] === 'string' && DATE.test(input[k] as string)))
      p.push(`${k}: 应为 YYYY-MM-DD 或 null`);
  if (!Array.isArray(input.thresholds)) p.push('thresholds: 应为数组');
  else
    input.thresholds.forEach((t, i) => {
      const at = `thresholds[${i}]`;
      if (!isObj(t)) return void p.push(`${at}: 应为对象`);
      if (!isText(t.key)) p.push(`${at}.key: 不能为空`);
      if (!isText(t.label)) p.push(`${at}.label: 不能为空`);
      if (!isText(t.rule)) p.push(`${at}.rule: 须写明依据条款`);
      if (!UNITS.includes(t.unit as string)) p.push(`${at}.unit: 应为 ${UNITS.join(' / ')}`);
      for (const b of ['min', 'max']) if (t[b] !== undefined && !isNat(t[b])) p.push(`${at}.${b}: 应为非负整数`);
      if (t.unit === 'bool' && t.required !== true) p.push(`${at}.required: 是否类条件须为 true`);
      if (t.unit === 'ratio') {
        const r = t.ratioOf;
        if (!isObj(r) || !isText(r.part) || !isText(r.whole)) p.push(`${at}.ratioOf: 须写明 part 和 whole`);
        const ok = (x: unknown) => Array.isArray(x) && x.length === 2 && isNat(x[0]) && isNat(x[1]) && x[1] > 0;
        if (t.minRatio === undefined && t.maxRatio === undefined) p.push(`${at}: 比例条件须有 minRatio 或 maxRatio`);
        for (const b of ['minRatio', 'maxRatio'])
          if (t[b] !== undefined && !ok(t[b])) p.push(`${at}.${b}: 应为 [分子, 分母]`);
      } else if (t.unit !== 'bool' && t.min === undefined && t.max === undefined)
        p.push(`${at}: 数值条件须有 min 或 max`);
      if (
        t.kinds !== undefined &&
        (!Array.isArray(t.kinds) || t.kinds.some((k) => !Object.values(CarrierKind).includes(k)))
      )
        p.push(`${at}.kinds: 含未知类型`);
      if (
        t.intlCoopTypes !== undefined &&
        (!Array.isArray(t.intlCoopTypes) || t.intlCoopTypes.some((k) => !Object.values(IntlCoopBaseType).includes(k)))
      )
        p.push(`${at}.intlCoopTypes: 含未知类型`);
    });
  if (!Array.isArray(input.requiredEvidence)) p.push('requiredEvidence: 应为数组');
  else
    input.requiredEvidence.forEach((e, i) => {
      if (!isObj(e) || !isText(e.key) || !isText(e.label) || !isText(e.rule))
        p.push(`requiredEvidence[${i}]: 须有 key、label 和依据条款 rule`);
    });
  const q = input.quota;
  if (!isObj(q)) p.push('quota: 应为对象');
  else {
    for (const k of ['city', 'department', 'direct'])
      if (q[k] !== null && !isNat(q[k])) p.push(`quota.${k}: 应为非负整数或 null`);
    for (const k of ['nationalLevelOutsideQuota', 'directAllowed'])
      if (typeof q[k] !== 'boolean') p.push(`quota.${k}: 应为 true/false`);
    if (!isText(q.rule)) p.push('quota.rule: 须写明依据条款');
  }
  for (const k of [
    'noticeWorkingDays',
    'evaluationEveryYears',
    'rectificationYears',
    'reapplyBarYears',
    'preparingYears',
    'missedReportsRevokeYears',
  ])
    if (input[k] !== null && !(isNat(input[k]) && (input[k] as number) > 0)) p.push(`${k}: 应为正整数或 null(未规定)`);
  if (
    input.annualReportDueMonthDay !== null &&
    !(typeof input.annualReportDueMonthDay === 'string' && MONTH_DAY.test(input.annualReportDueMonthDay))
  )
    p.push('annualReportDueMonthDay: 应为 MM-DD 或 null');
  if (typeof input.missedReportCountsUnqualified !== 'boolean')
    p.push('missedReportCountsUnqualified: 应为 true/false');
  const s = input.support;
  if (!isObj(s)) p.push('support: 应为对象');
  else {
    for (const c of ['construction', 'operation']) {
      const x = s[c];
      if (x === undefined) continue;
      if (!isObj(x)) {
        p.push(`support.${c}: 应为对象`);
        continue;
      }
      if (!isNat(x.rateBp) || x.rateBp > 10_000) p.push(`support.${c}.rateBp: 应为 0–10000 的整数(基点)`);
      if (typeof x.capFen !== 'string' || !FEN.test(x.capFen))
        p.push(`support.${c}.capFen: 应为以“分”为单位的整数字符串`);
      if (!isText(x.rule)) p.push(`support.${c}.rule: 须写明依据条款`);
      if (c === 'construction' && typeof x.once !== 'boolean') p.push('support.construction.once: 应为 true/false');
    }
    for (const k of ['oneClassPerApplication', 'highestNotSum', 'attachedOperationOnly', 'staffDecidedReward'])
      if (s[k] !== null && !isText(s[k])) p.push(`support.${k}: 应为依据条款或 null`);
  }
  const a = input.articles;
  const articleKeys = [
    'noticeWorkingDays',
    'annualReportDue',
    'evaluationEvery',
    'rectification',
    'reapplyBar',
    'preparing',
    'missedReports',
    'revocation',
  ];
  if (!isObj(a)) p.push('articles: 应为对象');
  else
    for (const k of articleKeys)
      if (!isText(a[k])) p.push(`articles.${k}: 须写明依据条款(未规定时写“未规定 (configuration)”)`);
  return p.length ? { ok: false, problems: p } : { ok: true, ruleSet: input as unknown as CarrierRuleSet };
}
