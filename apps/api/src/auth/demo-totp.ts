/**
 * Fixed TOTP secrets (base32) of the demo accounts that must use a second factor (approver, admin), listed in the
 * README "Demo accounts" so that the demo and the browser tests can compute codes (otplib
 * `generate({ secret })`). Set only by `seedDemoAccounts` (`SEED_DEMO=true`, never in production). No imports, so
 * that browser test code may read it.
 */
export const DEMO_TOTP_SECRETS: Readonly<Record<string, string>> = {
  'staff.admin': 'JIEBANGDEMOSTAFFADMINTOTPSECRETA',
  'staff.approver': 'JIEBANGDEMOSTAFFAPPROVERTOTPSECR',
};
