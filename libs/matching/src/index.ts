/**
 * @jiebang/matching — pure domain logic of the marketplace: the control graph between organisations
 * (RULEBOOK §6) and eligibility of posters and applicants (RULEBOOK §2, §6, §8; seed `004 §4`–`§8`, `§14`).
 * Rule references come from `@jiebang/policy` (`RULES`), re-exported here for convenience.
 */
export * from './control-graph';
export * from './eligibility';
export * from './carrier-capacity';
export {
  RULES,
  BLOCK_CODES,
  WARNING_CODES,
  type BlockCode,
  type WarningCode,
  type RuleCode,
  type RuleRef,
} from '@jiebang/policy';
