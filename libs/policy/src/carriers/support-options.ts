import { CARRIER_SUPPORT_KIND_LABEL, CarrierSupportKind, type CarrierRuleSet } from '@jiebang/contracts';
import { formatYuan } from '../subsidy';
import { CarrierPolicyError } from './errors';
import { carrierRewardEligibility, type CarrierRewardEvaluation } from './reward';
import { carrierSupport, formatRateBp } from './support';

/** Why a class cannot be proposed now: the refusal the proposal would get (`code`, plain-Chinese `message`, `rule`). */
export interface CarrierSupportRefusal {
  code: CarrierPolicyError['code'];
  message: string;
  rule: string;
}

/**
 * One support class a carrier's rule set grants, in words (`label` with the rate and cap, or the reward's
 * ground), its article, and whether staff may propose it now (`available`; else `refusal`).
 */
export interface CarrierSupportOption {
  kind: CarrierSupportKind;
  label: string;
  rule: string;
  available: boolean;
  refusal: CarrierSupportRefusal | null;
}

/** The carrier's situation the classes depend on. */
export interface CarrierSupportSituation {
  /** 加挂 (`001 §17`: operation support only). */
  attached?: boolean;
  /** A construction subsidy was granted before (once only, `001 §13(一)`). */
  constructionGrantedBefore?: boolean;
  /** The latest evaluation (the reward's ground, `002 §16`), or null. */
  latestEvaluation: CarrierRewardEvaluation | null;
}

function refusalOf(check: () => unknown): CarrierSupportRefusal | null {
  try {
    check();
    return null;
  } catch (e) {
    if (e instanceof CarrierPolicyError) return { code: e.code, message: e.message, rule: e.rule };
    throw e;
  }
}

/**
 * The support classes a carrier's rule set grants (issue 15 §7; RULEBOOK §7 Money), for the staff form: construction
 * and operation where the set has them (`001 §13`; refused for a 加挂 platform or a second construction subsidy,
 * `001 §17`, `§13(一)`, by the same checks as `carrierSupport`), and the staff-decided reward where the set has
 * `staffDecidedReward` (`002 §16`; available only when the latest evaluation is 优秀, `carrierRewardEligibility`).
 * Classes the set does not grant are absent (e.g. `002` offers only the reward; `003` nothing).
 */
export function carrierSupportOptions(
  ruleSet: CarrierRuleSet,
  situation: CarrierSupportSituation,
): CarrierSupportOption[] {
  const out: CarrierSupportOption[] = [];
  const { construction, operation, staffDecidedReward } = ruleSet.support;
  const computed = (kind: CarrierSupportKind.Construction | CarrierSupportKind.Operation) =>
    refusalOf(() =>
      carrierSupport({
        kind,
        baseFen: 0n,
        ruleSet,
        attached: situation.attached,
        constructionGrantedBefore: situation.constructionGrantedBefore,
      }),
    );
  if (operation) {
    const refusal = computed(CarrierSupportKind.Operation);
    out.push({
      kind: CarrierSupportKind.Operation,
      label: `${CARRIER_SUPPORT_KIND_LABEL.operation}(年度服务性收入的 ${formatRateBp(operation.rateBp)},每年最高 ${formatYuan(BigInt(operation.capFen))})`,
      rule: operation.rule,
      available: !refusal,
      refusal,
    });
  }
  if (construction) {
    const refusal = computed(CarrierSupportKind.Construction);
    out.push({
      kind: CarrierSupportKind.Construction,
      label: `${CARRIER_SUPPORT_KIND_LABEL.construction}(近三年投入的 ${formatRateBp(construction.rateBp)},最高 ${formatYuan(BigInt(construction.capFen))}${construction.once ? ',一次性' : ''})`,
      rule: construction.rule,
      available: !refusal,
      refusal,
    });
  }
  if (staffDecidedReward) {
    const refusal = refusalOf(() => carrierRewardEligibility(ruleSet, situation.latestEvaluation));
    out.push({
      kind: CarrierSupportKind.Reward,
      label: `${CARRIER_SUPPORT_KIND_LABEL.reward}(对考核评估为“优秀”的国合基地,金额由科技厅确定)`,
      rule: staffDecidedReward,
      available: !refusal,
      refusal,
    });
  }
  return out;
}
