import { OfferTerms } from '@jiebang/contracts';

/**
 * Offer terms (demo data and tests) for an amount in whole yuan — 技术开发 for a challenge, 技术转让 for an
 * achievement: a two-step schedule (one third, then the rest) that sums to the
 * amount exactly, 24 months, IP and benefit sharing written out (004 §14, §15).
 */
export function dealTermsFor(amountYuan: string, kind: 'challenge' | 'achievement' = 'challenge'): OfferTerms {
  const total = BigInt(amountYuan);
  const first = total / 3n;
  return {
    dealForm: kind === 'challenge' ? 'development' : 'transfer',
    amountYuan: `${total}.00`,
    schedule: [
      { dueDate: '2027-06-30', amountYuan: `${first}.00` },
      { dueDate: '2028-06-30', amountYuan: `${total - first}.00` },
    ],
    ipOwnership: '项目形成的知识产权归双方共有,发榜方享有优先实施权',
    benefitSharing: '成果转化收益按双方投入比例分配',
    durationMonths: 24,
  };
}
