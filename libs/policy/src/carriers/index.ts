/** Carrier platforms (RULEBOOK §7; seeds `000`–`003`): rule sets as data and the pure rules applying them. */
export * from './errors';
export * from './rule-sets';
export * from './rule-set-schema';
export * from './thresholds';
export * from './support';
export * from './highest';
export * from './quota';
export * from './lifecycle';
export * from './running';
export * from './reward';
export * from './support-options';
