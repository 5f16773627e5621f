import {
  CarrierSupportKind,
  EVALUATION_GRADE_LABEL,
  EvaluationGrade,
  YUAN_PATTERN,
  yuanToFen,
  type CarrierRuleSet,
} from '@jiebang/contracts';
import { formatYuan, type SubsidyStep } from '../subsidy';
import { CarrierPolicyError } from './errors';

/**
 * 国合基地 奖励性后补助 (issue 15 §7; seed `002 §16`: 科技厅将根据其运行情况,依据评估结果,对优秀的国合基地给予一定的
 * 奖励性后补助; `002 §12` 对合作成效显著…的国合基地给予表彰奖励). Unlike construction and operation support
 * (`001 §13`, `carrierSupport`) it has no formula: staff decide the amount, so the rule checks who may get it
 * and records the decision with its ground.
 *
 * **就高不重复 (`001 §14`) does not apply to it** (decision of H7, issue 15 §7): `001 §14` is Yunnan's rule for
 * the support of its own platforms (概念验证中心, 中试基地（平台）) — "同一年度符合概念验证中心、中试基地（平台）和其他
 * 科技创新平台的,按照就高不重复原则执行" limits the 建设/运营 support of `001 §13`; the 国合基地 programme (`002`,
 * Inner Mongolia's 内科发合字〔2019〕1号) sets no such rule (its rule set has `support.highestNotSum: null`), and
 * its reward is a 表彰奖励 for results after an evaluation (`002 §12`, `§16`), not a platform subsidy. So a reward
 * is granted in full, and it is not a candidate when an organisation's construction / operation support is
 * compared under `highestNotSum`.
 */

/** The article of the reward when a rule set names none (the seed that grants it). */
export const CARRIER_REWARD_RULE = '002 §16';

/** An evaluation as the reward reads it: the latest one of the carrier (by decision time). */
export interface CarrierRewardEvaluation {
  id: string;
  /** The last year of the evaluated period. */
  year: number;
  /** `EvaluationGrade` (`excellent` = 优秀). */
  grade: EvaluationGrade | string;
}

/** Input of `carrierReward`. */
export interface CarrierRewardInput {
  /** The carrier's rule set: the reward exists only where `support.staffDecidedReward` names its article. */
  ruleSet: CarrierRuleSet;
  /** The carrier's latest evaluation (by decision time), or null when it has none. */
  latestEvaluation: CarrierRewardEvaluation | null;
  /** The amount staff decided, yuan as a decimal string with ≤ 2 decimals (`"150000"`, `"80000.50"`), > 0. */
  amountYuan: string;
  /** The basis of the decision: the evaluation and the meeting (会议纪要) that set the amount. */
  reason: string;
}

/**
 * The result of `carrierReward`, shaped like `CarrierSupportComputation` so that the same record holds it:
 * `baseFen` = `subsidyFen` = the decided amount in fen; `rateBp` / `capFen` null (no rate, no cap);
 * `capApplied` false; `rule` the article (`002 §16`); `steps` the explanation; `evaluationId` the ground.
 */
export interface CarrierRewardComputation {
  kind: CarrierSupportKind.Reward;
  baseFen: bigint;
  rateBp: null;
  capFen: null;
  subsidyFen: bigint;
  capApplied: false;
  rule: string;
  evaluationId: string;
  reason: string;
  steps: SubsidyStep[];
}

/**
 * Whether a carrier may be given a reward at all: its rule set has one, and its latest evaluation is 优秀.
 * @returns the article of the reward and the evaluation it rests on.
 * @throws CarrierPolicyError `CARRIER_REWARD_NOT_IN_RULES` (rule: the rule set's 文号) when the rule set has no
 *   staff-decided reward (`001`, `003`); `CARRIER_REWARD_NOT_EXCELLENT` (rule: `002 §16`) when the carrier has
 *   no evaluation or its latest is not graded 优秀.
 */
export function carrierRewardEligibility(
  ruleSet: CarrierRuleSet,
  latestEvaluation: CarrierRewardEvaluation | null,
): { rule: string; evaluation: CarrierRewardEvaluation } {
  const rule = ruleSet.support.staffDecidedReward;
  if (!rule)
    throw new CarrierPolicyError(
      'CARRIER_REWARD_NOT_IN_RULES',
      `规则《${ruleSet.name}》没有奖励性后补助;奖励性后补助只给予优秀的国际科技合作基地(${CARRIER_REWARD_RULE})`,
      ruleSet.source.documentNo,
    );
  if (!latestEvaluation)
    throw new CarrierPolicyError(
      'CARRIER_REWARD_NOT_EXCELLENT',
      '该基地尚无考核评估结果;奖励性后补助依据评估结果,只给予评为“优秀”的国合基地',
      rule,
    );
  if (latestEvaluation.grade !== EvaluationGrade.Excellent) {
    const label = EVALUATION_GRADE_LABEL[latestEvaluation.grade as EvaluationGrade] ?? latestEvaluation.grade;
    throw new CarrierPolicyError(
      'CARRIER_REWARD_NOT_EXCELLENT',
      `该基地最近一次考核评估(${latestEvaluation.year} 年度)为“${label}”;奖励性后补助只给予评为“优秀”的国合基地`,
      rule,
    );
  }
  return { rule, evaluation: latestEvaluation };
}

/**
 * 奖励性后补助 of a 国合基地 (`002 §16`; RULEBOOK §7 Money): checks the rule set and the latest evaluation
 * (`carrierRewardEligibility`), converts the decided amount from yuan to fen exactly (`yuanToFen`) and returns it
 * with the steps the web shows. The amount is granted as decided: no rate, no cap, outside 就高不重复 (see the
 * module note).
 * @throws CarrierPolicyError `CARRIER_REWARD_NOT_IN_RULES`, `CARRIER_REWARD_NOT_EXCELLENT` (above);
 *   `CARRIER_REWARD_AMOUNT_INVALID` for an amount that is not yuan with ≤ 2 decimals or is 0;
 *   `CARRIER_REWARD_REASON_REQUIRED` for a reason shorter than 2 characters after trimming.
 */
export function carrierReward(input: CarrierRewardInput): CarrierRewardComputation {
  const { rule, evaluation } = carrierRewardEligibility(input.ruleSet, input.latestEvaluation);
  const amount = input.amountYuan.trim();
  const amountFen = YUAN_PATTERN.test(amount) ? yuanToFen(amount) : null;
  if (amountFen === null || amountFen <= 0n)
    throw new CarrierPolicyError(
      'CARRIER_REWARD_AMOUNT_INVALID',
      `奖励金额“${input.amountYuan}”不正确:应大于 0,以元为单位、最多两位小数`,
      rule,
    );
  const reason = input.reason.trim();
  if (reason.length < 2)
    throw new CarrierPolicyError(
      'CARRIER_REWARD_REASON_REQUIRED',
      '请写明奖励依据(考核评估结果、研究决定的会议等)',
      rule,
    );
  const steps: SubsidyStep[] = [
    {
      label:
        `补助类别:奖励性后补助(依据评估结果对优秀的国合基地给予);依据:${evaluation.year} 年度考核评估为“优秀”;` +
        `金额由科技厅确定:${reason}`,
      expression: formatYuan(amountFen),
      resultFen: amountFen,
      rule,
    },
    {
      label: '奖励性后补助没有计算比例和上限,按确定的金额核定;不参与“就高不重复”(001 §14 仅适用于平台建设、运营补助)',
      expression: `${formatYuan(amountFen)} = ${formatYuan(amountFen)}`,
      resultFen: amountFen,
      rule,
    },
  ];
  return {
    kind: CarrierSupportKind.Reward,
    baseFen: amountFen,
    rateBp: null,
    capFen: null,
    subsidyFen: amountFen,
    capApplied: false,
    rule,
    evaluationId: evaluation.id,
    reason,
    steps,
  };
}
