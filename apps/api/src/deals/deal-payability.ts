import { EntityManager } from 'typeorm';
import { DEAL_STATUS_LABELS, PayabilityDto } from '@jiebang/contracts';
import {
  beijingDate,
  creditInForceSql,
  DEAL_RULES,
  dealActivityAllowed,
  PAYABILITY_RULE,
  subsidyModeFor,
} from '@jiebang/policy';
import { DealEntity, FundingInstallmentEntity } from './deal.entity';

/** An organisation of the deal on a credit (blacklist) record in force. */
export interface BlacklistedOrg {
  orgId: string;
  name: string;
  kind: string;
  reason: string;
}

/**
 * Organisations of the deal with a credit record in force today, a Beijing calendar day (poster, taker,
 * consortium members; 004 §14). "In force" is the one definition of `@jiebang/policy` (`creditInForceSql`).
 */
export function blacklisted(em: EntityManager, deal: DealEntity): Promise<BlacklistedOrg[]> {
  return em.query(
    `SELECT c.org_id AS "orgId", o.name, c.kind, c.reason FROM credit_record c JOIN organization o ON o.id = c.org_id
     WHERE ${creditInForceSql('c', '$4')}
       AND c.org_id IN (SELECT $1::uuid UNION SELECT $2::uuid UNION SELECT org_id FROM application_member WHERE application_id = $3)`,
    [deal.posterOrgId, deal.takerOrgId, deal.applicationId, beijingDate(new Date())],
  );
}

/** The names of blacklisted organisations, joined for a message. */
export function blacklistNames(bl: readonly Pick<BlacklistedOrg, 'name'>[]): string {
  return bl.map((b) => b.name).join('、');
}

/** Why a subsidy is not payable now. */
export type PayabilityCode = 'CREDIT_BLACKLISTED' | 'ILLEGAL_TRANSITION' | 'SUBSIDY_NOT_PAYABLE';

/** `PayabilityDto` with its refusal code narrowed to the codes payability gives. */
export type Payability = PayabilityDto & { code: PayabilityCode | null };

/** What payability rests on besides the deal row. */
export interface PayabilityFacts {
  /** Names of the deal's organisations on a credit record in force. */
  blacklisted: readonly string[];
  /** Installments staff confirmed against their vouchers. */
  confirmedInstallments: number;
}

/**
 * Whether a subsidy may be proposed now (004 §12), from the facts: never while an organisation of the deal is
 * blacklisted (`CREDIT_BLACKLISTED`, 004 §14); pre-subsidy while the deal runs (else `ILLEGAL_TRANSITION`)
 * after the first confirmed installment (else `SUBSIDY_NOT_PAYABLE`); post-subsidy after acceptance passed and
 * the economic benefit confirmed (else `SUBSIDY_NOT_PAYABLE`).
 */
export function payabilityOf(
  deal: Pick<DealEntity, 'kind' | 'status' | 'acceptanceStatus' | 'benefitConfirmedAt'>,
  facts: PayabilityFacts,
): Payability {
  const mode = subsidyModeFor(deal.kind);
  const rule = PAYABILITY_RULE[mode];
  const no = (code: PayabilityCode, message: string, r = rule): Payability => ({
    payable: false,
    code,
    message,
    rule: r,
  });
  if (facts.blacklisted.length)
    return no(
      'CREDIT_BLACKLISTED',
      `${facts.blacklisted.join('、')} 在联合惩戒/失信名单有效期内,不得给予补助`,
      DEAL_RULES.credit,
    );
  if (mode === 'pre') {
    if (!dealActivityAllowed('proposePreSubsidy', deal.status))
      return no('ILLEGAL_TRANSITION', `项目状态为“${DEAL_STATUS_LABELS[deal.status]}”,不能申请前资助`);
    if (!facts.confirmedInstallments)
      return no('SUBSIDY_NOT_PAYABLE', '前资助须待发榜方首笔资金拨付并经核验凭证确认后方可拨付');
  } else {
    if (!dealActivityAllowed('proposePostSubsidy', deal.status) || deal.acceptanceStatus !== 'passed')
      return no('SUBSIDY_NOT_PAYABLE', '后补助须待项目通过验收后方可申请');
    if (!deal.benefitConfirmedAt)
      return no('SUBSIDY_NOT_PAYABLE', '后补助须待科技厅认定达到任务书预期经济效益后方可申请');
  }
  return { payable: true, code: null, message: null, rule };
}

/** `payabilityOf` with its facts read in `em` (the credit records in force today, the confirmed installments). */
export async function payability(em: EntityManager, deal: DealEntity): Promise<Payability> {
  const bl = await blacklisted(em, deal);
  const confirmedInstallments =
    bl.length || subsidyModeFor(deal.kind) !== 'pre'
      ? 0
      : await em.getRepository(FundingInstallmentEntity).count({ where: { dealId: deal.id, status: 'confirmed' } });
  return payabilityOf(deal, { blacklisted: bl.map((b) => b.name), confirmedInstallments });
}
