/**
 * Chinese names of the audit log's actions on a deal and its application (issue 14 item 4: the readable sheet of
 * the per-deal audit export) and of the web's deal history (`apps/web/src/features/deals/lib/deals.ts` reads them
 * from here).
 */
export const AUDIT_EVENT_LABELS: Readonly<Record<string, string>> = {
  deal_opened: '双方接受报价，生成协议草稿，进入协议审查',
  notice_opened: '协议审查通过，发布公示',
  notice_ended: '公示期满，无未处理异议',
  objection_lodged: '提出异议(公示冻结)',
  objection_dismissed: '异议不成立，继续公示',
  objection_upheld: '异议成立',
  returned_to_negotiation: '退回洽谈，重新协商',
  signed: '签订揭榜协议和任务书',
  installment_recorded: '登记资金拨付',
  installment_confirmed: '确认资金到位',
  installment_rejected: '退回资金拨付登记',
  milestone_submitted: '提交里程碑成果',
  milestone_approved: '里程碑审核通过',
  milestone_rejected: '退回里程碑成果',
  acceptance_opinion: '录入验收专家意见',
  acceptance_passed: '验收通过',
  acceptance_failed: '验收未通过',
  benefit_confirmed: '认定经济效益',
  extension_requested: '申请延期',
  termination_requested: '申请终止',
  extension_agreed: '对方同意延期',
  termination_agreed: '对方同意终止',
  extension_approved: '批准延期',
  extension_rejected: '不批准延期',
  termination_rejected: '不批准终止',
  terminated: '批准终止，项目终止',
  subsidy_proposed: '提出补助方案',
  subsidy_approved: '批准补助',
  subsidy_rejected: '退回补助方案',
  subsidy_disbursed: '登记补助拨付',
  completed: '项目完成',
  attachment_uploaded: '上传附件',
  offer: '提出报价',
  accept: '接受报价',
  reject: '拒绝报价',
  agreement_drafted: '双方接受同一版报价，生成协议草稿',
  member_consent: '联合体成员确认',
  expert_score: '专家评分',
  assign_expert: '指派评审专家',
  create: '创建',
  apply: '提交揭榜申报',
  consent: '联合体成员确认',
  start_review: '开始评审',
  recommend: '推荐',
  decline: '不推荐',
  withdraw: '撤回',
};

/** Chinese name of an audit action (`deal.open_notice`, `subsidy_approved`…); `其他操作(<action>)` when unknown. */
export function auditEventLabel(action: string): string {
  const lower = action.toLowerCase();
  const whole = lower.replace(/[.:/]/g, '_');
  const last = lower.split(/[.:/]/).pop() ?? lower;
  return AUDIT_EVENT_LABELS[whole] ?? AUDIT_EVENT_LABELS[lower] ?? AUDIT_EVENT_LABELS[last] ?? `其他操作(${action})`;
}
