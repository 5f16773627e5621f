import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CarrierKind,
  CarrierSupportPreviewDto,
  CarrierSupportPreviewQueryDto,
  SubsidyPreviewDto,
  SubsidyPreviewQueryDto,
  yuanToFen,
} from '@jiebang/contracts';
import { carrierSupport, CarrierPolicyError, computeSubsidy, defaultCarrierRuleSet } from '@jiebang/policy';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { subsidySnapshot } from './deal-subsidy.service';

/** The money rules of `libs/policy`, served for previews (public: the rules are public). */
@ApiTags('policy')
@Public()
@Controller('policy')
export class PolicyController {
  /**
   * `GET /api/v1/policy/subsidy?kind=challenge|achievement&baseYuan=1234.56` → the subsidy the rules give for
   * that base: `{ mode, baseFen, rateBp, capFen, subsidyFen, capApplied, rule, steps }` (fen as integer
   * strings; `rateBp` 3000 = 30 %). Source: seed `004 §11`, RULEBOOK §5. 400 `VALIDATION_FAILED` for a bad
   * kind or amount.
   */
  @Get('subsidy')
  subsidy(@Query() q: SubsidyPreviewQueryDto): SubsidyPreviewDto {
    const { mode, baseFen, rateBp, capFen, subsidyFen, capApplied, rule, steps } = subsidySnapshot(
      computeSubsidy(q.kind, yuanToFen(q.baseYuan)),
    );
    return { mode, baseFen, rateBp, capFen, subsidyFen, capApplied, rule, steps };
  }

  /**
   * `GET /api/v1/policy/carrier-support?kind=construction|operation&baseYuan=1234.56` → the support money of a
   * carrier platform for that base under the shipped rule set of concept-validation and pilot platforms (seed
   * `001`, Yunnan's 云科规〔2025〕11号, RULEBOOK §7): construction 20 % of three years' eligible investment ≤
   * 2,000,000 CNY once (`001 §13(一)`); operation 20 % of the year's service revenue ≤ 1,000,000 CNY a year
   * (`001 §13(二)`). Returns `{ kind, baseFen, subsidyFen, capFen, rateBp, capApplied, rule, steps, ruleSetId,
   * source }` (fen as integer strings; `rateBp` 2000 = 20 %). 400 `INVALID_VALUE` for a bad kind, 400
   * `INVALID_AMOUNT` for an amount that is not yuan with ≤ 2 decimals; 422 `CARRIER_REWARD_NO_FORMULA` for
   * `kind=reward` (the 国合基地 奖励性后补助 has no formula: staff decide the amount, `002 §16`).
   */
  @Get('carrier-support')
  carrierSupport(@Query() q: CarrierSupportPreviewQueryDto): CarrierSupportPreviewDto {
    const ruleSet = defaultCarrierRuleSet(CarrierKind.PilotBase);
    let c;
    try {
      c = carrierSupport({ kind: q.kind, baseFen: yuanToFen(q.baseYuan), ruleSet });
    } catch (e) {
      if (e instanceof CarrierPolicyError)
        throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, e.code, e.message, e.rule);
      throw e;
    }
    return {
      kind: c.kind,
      baseFen: c.baseFen.toString(),
      subsidyFen: c.subsidyFen.toString(),
      capFen: c.capFen.toString(),
      rateBp: c.rateBp,
      capApplied: c.capApplied,
      rule: c.rule,
      steps: c.steps.map((s) => ({
        label: s.label,
        expression: s.expression,
        resultFen: s.resultFen.toString(),
        rule: s.rule,
      })),
      ruleSetId: ruleSet.id,
      source: `${ruleSet.source.documentNo} ${ruleSet.source.title}(${ruleSet.source.region})`,
    };
  }
}
