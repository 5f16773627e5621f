import { Field, FIELD_LABELS, FIELD_SOURCE_LABELS, fenToWan, ScorePart } from '@jiebang/contracts';
import { SCORE_MAX, ScoredRow } from './ranking-sql';

/** The named, explained parts of a score (the five standing parts; `carrierCapacity` is added where it counts). */
export function scoreParts(
  r: Pick<
    ScoredRow,
    'field_fit' | 'text_score' | 'capacity_ratio' | 'region_pts' | 'track' | 'registered_capital_fen' | 'field_from'
  >,
  field: Field,
  investmentFen: string | null,
): ScorePart[] {
  const round1 = (n: number) => Math.round(n * 10) / 10;
  const ratio = r.capacity_ratio === null ? null : Number(r.capacity_ratio);
  return [
    {
      name: 'fieldFit',
      label: '领域契合',
      points: r.field_fit ? SCORE_MAX.fieldFit : 0,
      max: SCORE_MAX.fieldFit,
      explanation: !r.field_fit
        ? `单位的领域中没有${FIELD_LABELS[field]}`
        : r.field_from?.length
          ? `单位从事${FIELD_LABELS[field]}领域(推断自${r.field_from.map((f) => FIELD_SOURCE_LABELS[f]).join('、')})`
          : `单位从事${FIELD_LABELS[field]}领域`,
    },
    {
      name: 'textRelevance',
      label: '内容相关度',
      points: round1(Number(r.text_score) * SCORE_MAX.textRelevance),
      max: SCORE_MAX.textRelevance,
      explanation:
        Number(r.text_score) > 0
          ? `全文检索相关度 ${round1(Number(r.text_score) * 100)}%(单位名称、主营业务、已发布成果与榜单内容)`
          : '检索未发现内容相关',
    },
    {
      name: 'capacity',
      label: '实力匹配',
      points: ratio === null ? 0 : round1(ratio * SCORE_MAX.capacity),
      max: SCORE_MAX.capacity,
      explanation:
        ratio === null
          ? '注册资金或项目投入未知,无法比较'
          : `注册资金 ${fenToWan(r.registered_capital_fen ?? '0')} 万元,项目投入 ${fenToWan(investmentFen ?? '0')} 万元`,
    },
    {
      name: 'region',
      label: '地域',
      points: r.region_pts,
      max: SCORE_MAX.region,
      explanation: r.region_pts === 10 ? '与榜单同一盟市' : r.region_pts === 5 ? '位于内蒙古自治区' : '区外或地区未知',
    },
    {
      name: 'trackRecord',
      label: '既往业绩',
      points: Math.min(SCORE_MAX.trackRecord, 2 * r.track),
      max: SCORE_MAX.trackRecord,
      explanation: r.track ? `在平台发布或完成 ${r.track} 项榜单` : '平台上暂无业绩记录',
    },
  ];
}
