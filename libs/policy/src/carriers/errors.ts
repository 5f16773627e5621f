/**
 * A refused input to a carrier rule (RULEBOOK §7). `code` is an `ErrorCode` of `@jiebang/contracts` (the API
 * maps it to 400/409/422), `message` plain Chinese saying what to fix, `rule` the article broken.
 */
export class CarrierPolicyError extends Error {
  constructor(
    readonly code:
      | 'NEGATIVE_AMOUNT'
      | 'CARRIER_SUPPORT_NOT_GRANTED'
      | 'CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED'
      | 'CARRIER_CONSTRUCTION_ALREADY_GRANTED'
      | 'CARRIER_REVOKED'
      | 'CARRIER_RULE_SET_INVALID'
      | 'CARRIER_REWARD_NOT_IN_RULES'
      | 'CARRIER_REWARD_NOT_EXCELLENT'
      | 'CARRIER_REWARD_AMOUNT_INVALID'
      | 'CARRIER_REWARD_REASON_REQUIRED'
      | 'CARRIER_REWARD_NO_FORMULA',
    message: string,
    readonly rule: string,
  ) {
    super(message);
    this.name = 'CarrierPolicyError';
  }
}
