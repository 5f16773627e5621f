/** @jiebang/policy — rule references (RULEBOOK / seed articles) and the scheme's pure rules. */
export * from './rules';
export * from './transitions';
export * from './deal-transitions';
export * from './subsidy';
export * from './notice';
export * from './calendar';
export * from './credit';
export * from './durations';
export * from './listing-rules';
export * from './work-queues';
export * from './carriers';
