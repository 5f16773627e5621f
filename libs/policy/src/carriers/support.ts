import { CarrierSupportKind, type CarrierRuleSet } from '@jiebang/contracts';
import { BP_PER_WHOLE, formatYuan, type SubsidyStep } from '../subsidy';
import { CarrierPolicyError } from './errors';
import { CARRIER_REWARD_RULE } from './reward';

/** The base of each support class, in words (what the evidence under it must show; `001 §13`). */
export const CARRIER_SUPPORT_BASE_LABEL: { readonly [K in CarrierSupportKind]: string } = {
  construction: '近三年科研软硬件投入总额(不含省级和中央引导财政资金)',
  operation: '年度服务性收入',
  reward: '科技厅依据评估结果确定的奖励金额(无计算基数)',
};

/** Input of `carrierSupport`: the class, the base in fen, the rule set in force and the platform's situation. */
export interface CarrierSupportInput {
  /** `construction` (建设补助) or `operation` (运营补助); `reward` has no formula (refused, see `carrierReward`). */
  kind: CarrierSupportKind | 'construction' | 'operation';
  /** The base in integer fen (≥ 0): eligible investment (construction) or the year's service revenue (operation). */
  baseFen: bigint;
  ruleSet: CarrierRuleSet;
  /** The platform only adds the plate (加挂) to an existing innovation platform (`001 §17`). */
  attached?: boolean;
  /** A construction subsidy was already granted to this platform (it is once only, `001 §13(一)`). */
  constructionGrantedBefore?: boolean;
}

/**
 * The result of `carrierSupport`: amounts in fen (`bigint`), `rateBp` in basis points (2000 = 20 %),
 * `capApplied` when the cap cut the amount, `rule` the article, `steps` the explanation the web shows as is.
 */
export interface CarrierSupportComputation {
  kind: CarrierSupportKind;
  baseFen: bigint;
  rateBp: number;
  capFen: bigint;
  subsidyFen: bigint;
  capApplied: boolean;
  rule: string;
  steps: SubsidyStep[];
}

/** `2000` → `"20%"`, `1250` → `"12.5%"` (exact, no floating point). */
export function formatRateBp(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const frac = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/**
 * Construction or operation support of a carrier platform (`001 §13`; RULEBOOK §7 Money):
 * `subsidy = min(floor(base × rate), cap)`, floored to the fen — construction 20 % of the last three years'
 * eligible investment ≤ 2,000,000 CNY once (`001 §13(一)`); operation 20 % of the year's service revenue
 * ≤ 1,000,000 CNY a year (`001 §13(二)`) — with the rate and cap read from the rule set in force.
 * @throws CarrierPolicyError `CARRIER_REWARD_NO_FORMULA` for `reward` (国合基地 奖励性后补助, `002 §16`: the amount
 *   is decided by staff, `carrierReward`); `NEGATIVE_AMOUNT` for a negative base; `CARRIER_SUPPORT_NOT_GRANTED`
 *   when the rule set grants no such class (e.g. `002`, `003`); `CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED` for construction
 *   support of a 加挂 platform (`001 §17`); `CARRIER_CONSTRUCTION_ALREADY_GRANTED` for a second construction
 *   subsidy (`001 §13(一)` 一次性).
 */
export function carrierSupport(input: CarrierSupportInput): CarrierSupportComputation {
  const { baseFen, ruleSet } = input;
  const kind = input.kind as CarrierSupportKind.Construction | CarrierSupportKind.Operation;
  if ((input.kind as CarrierSupportKind) === CarrierSupportKind.Reward)
    throw new CarrierPolicyError(
      'CARRIER_REWARD_NO_FORMULA',
      '奖励性后补助没有计算公式:金额由科技厅依据评估结果对优秀的国合基地确定,不能按计算基数测算',
      ruleSet.support.staffDecidedReward ?? CARRIER_REWARD_RULE,
    );
  const rules = ruleSet.support[kind];
  if (!rules)
    throw new CarrierPolicyError(
      'CARRIER_SUPPORT_NOT_GRANTED',
      `规则《${ruleSet.name}》未规定${kind === 'construction' ? '建设补助' : '运营补助'}`,
      ruleSet.source.documentNo,
    );
  if (baseFen < 0n) throw new CarrierPolicyError('NEGATIVE_AMOUNT', '补助计算基数不能为负数', rules.rule);
  if (kind === CarrierSupportKind.Construction && input.attached)
    throw new CarrierPolicyError(
      'CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED',
      '加挂牌子的平台只享受运营支持,不予建设补助',
      ruleSet.support.attachedOperationOnly ?? rules.rule,
    );
  if (kind === CarrierSupportKind.Construction && ruleSet.support.construction?.once && input.constructionGrantedBefore)
    throw new CarrierPolicyError(
      'CARRIER_CONSTRUCTION_ALREADY_GRANTED',
      '建设补助为一次性补助,该平台已获得过',
      rules.rule,
    );
  const capFen = BigInt(rules.capFen);
  const rate = formatRateBp(rules.rateBp);
  const atRate = (baseFen * BigInt(rules.rateBp)) / BP_PER_WHOLE; // bigint division floors for ≥ 0
  const capApplied = atRate > capFen;
  const subsidyFen = capApplied ? capFen : atRate;
  const classLabel = kind === 'construction' ? '建设补助(一次性)' : '运营补助(每年)';
  const steps: SubsidyStep[] = [
    {
      label: `补助类别:${classLabel};计算基数:${CARRIER_SUPPORT_BASE_LABEL[kind]}`,
      expression: formatYuan(baseFen),
      resultFen: baseFen,
      rule: rules.rule,
    },
    {
      label: `按 ${rate} 计算,向下取整到分`,
      expression: `${formatYuan(baseFen)} × ${rate} = ${formatYuan(atRate)}`,
      resultFen: atRate,
      rule: rules.rule,
    },
    {
      label: `上限:${kind === 'construction' ? '一次性建设补助最高' : '每年运营补助最高'} ${formatYuan(capFen)}`,
      expression: formatYuan(capFen),
      resultFen: capFen,
      rule: rules.rule,
    },
    {
      label: capApplied ? `按 ${rate} 计算的金额超过上限,取上限` : `按 ${rate} 计算的金额未超过上限,取计算金额`,
      expression: `min(${formatYuan(atRate)}, ${formatYuan(capFen)}) = ${formatYuan(subsidyFen)}`,
      resultFen: subsidyFen,
      rule: rules.rule,
    },
  ];
  return { kind, baseFen, rateBp: rules.rateBp, capFen, subsidyFen, capApplied, rule: rules.rule, steps };
}
