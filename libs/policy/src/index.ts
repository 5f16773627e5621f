/** @jiebang/policy — rule references (RULEBOOK / seed articles) enforced by the domain libraries. */
export * from './rules';
export * from './transitions';
