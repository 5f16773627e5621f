import { CarrierEvaluationDto } from './carriers-api';

/** Why a support class cannot be proposed now: the refusal a proposal would get. */
export class CarrierSupportRefusalDto {
  /** An `ErrorCode`, e.g. `CARRIER_REWARD_NOT_EXCELLENT`, `CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED`. */
  code!: string;
  /** Plain Chinese, saying what is missing. */
  message!: string;
  /** The article, e.g. `002 §16`. */
  rule!: string;
}

/**
 * One support class the carrier's rule set grants (issue 15 §7): `kind` (`CarrierSupportKind`), `label` in words
 * with the rate and cap from the rule set (or the reward's ground, `002 §16`), its article, and whether staff may
 * propose it now (`available`; otherwise `refusal`).
 */
export class CarrierSupportOptionDto {
  kind!: string;
  label!: string;
  rule!: string;
  available!: boolean;
  refusal!: CarrierSupportRefusalDto | null;
}

/**
 * `GET /carriers/:id/support-options` (staff): the classes the carrier's rule set grants — construction /
 * operation (`001 §13`) and the 国合基地's staff-decided reward (`002 §16`) — and the latest evaluation the reward
 * rests on (null when none). A class the rule set does not grant is absent.
 */
export class CarrierSupportOptionsDto {
  carrierId!: string;
  /** `key@version` of the carrier's rule set. */
  ruleSetId!: string;
  items!: CarrierSupportOptionDto[];
  latestEvaluation!: CarrierEvaluationDto | null;
}
