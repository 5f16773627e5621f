import {
  CarrierChangeKind,
  CarrierKind,
  RULE_UNSPECIFIED,
  type CarrierRuleSet,
  type CarrierThresholdResultDto,
} from '@jiebang/contracts';
import { addMonths } from '../listing-rules';
import { annualReportDueOn } from './lifecycle';

/**
 * The running years of a registered carrier (issue 15 §6; RULEBOOK §7 "After the decision"): when the annual
 * report is due, whether a major change was reported in time and who must decide it, when a 一事一议 is needed.
 */

/**
 * The annual report's month-day where the rule set names none (`001 §15`, `002 §13` say "年度报告" without a date):
 * 31 March of the following year. `configuration`: the department may change it by loading a rule set with
 * `annualReportDueMonthDay`.
 */
export const CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY = '03-31';

/**
 * How many days before its due date an evaluation, a 筹建期满考核 or the end of a 整改 period appears on the staff
 * workbench (`configuration`: the texts name none).
 */
export const CARRIER_DUE_LEAD_DAYS = 60;

/** The period within which a major change is reported (`001 §19`: 3 months). */
export const CHANGE_REPORT_MONTHS = 3;

/** The due date of the annual report on `year` under `rules`, with its source (`003 §29`, or `configuration`). */
export function carrierReportDue(year: number, rules: CarrierRuleSet): { dueOn: string; source: string } {
  const own = annualReportDueOn(year, rules);
  if (own) return { dueOn: own, source: rules.articles.annualReportDue };
  return {
    dueOn: `${String(year + 1).padStart(4, '0')}-${CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY}`,
    source: `configuration (${rules.articles.annualReportDue.replace(`${RULE_UNSPECIFIED}: `, '')})`,
  };
}

/**
 * Whether a change that took effect on `changedOn` and is reported on `reportedOn` is late: the report is due
 * within 3 months (`001 §19`), i.e. by `changedOn` + 3 months inclusive.
 */
export function changeReportLate(changedOn: string, reportedOn: string): { reportBy: string; late: boolean } {
  const reportBy = addMonths(changedOn, CHANGE_REPORT_MONTHS);
  return { reportBy, late: reportedOn > reportBy };
}

/** How the department handles a change of `kind` to a carrier of `carrierKind`. */
export interface ChangeHandling {
  /** The department approves it (`003 §30(一)`); otherwise it is filed (备案). */
  needsApproval: boolean;
  /** It alters the registry entry (name and plate, region): a second staff member confirms (four eyes). */
  altersRegistry: boolean;
  /** The article(s). */
  rule: string;
}

/**
 * The handling of a major change (`001 §19`: 服务内容、分立、合并、更名、经营业务 reported in 3 months and filed;
 * `002 §14`: 负责人、并购重组、经营业务 reported; `003 §30(一)`: 牵头建设单位、共建单位、建设目标、任务、布局 need the
 * department's approval; `003 §30(二)`: 法人名称、法定代表人、理事长、主任、首席科学家 are filed). A rename or an address
 * change alters the registry entry; those and every approval are decided by two staff members.
 */
export function changeHandling(kind: CarrierChangeKind, carrierKind: CarrierKind | string): ChangeHandling {
  const center = carrierKind === CarrierKind.InnovationCenter;
  const intl = carrierKind === CarrierKind.IntlCoopBase;
  const base = center ? '003 §30' : intl ? '002 §14' : '001 §19';
  switch (kind) {
    case CarrierChangeKind.Builders:
    case CarrierChangeKind.Plan:
      return { needsApproval: center, altersRegistry: false, rule: center ? '003 §30(一)' : base };
    case CarrierChangeKind.Rename:
      return { needsApproval: false, altersRegistry: true, rule: center ? '003 §30(二)' : base };
    case CarrierChangeKind.Address:
      return { needsApproval: false, altersRegistry: true, rule: `${base}; 000 五.3` };
    case CarrierChangeKind.Director:
    case CarrierChangeKind.Officers:
      return { needsApproval: false, altersRegistry: false, rule: center ? '003 §30(二)' : base };
    default:
      return { needsApproval: false, altersRegistry: false, rule: base };
  }
}

/**
 * Whether a 一事一议 decision (`003 §12`) is needed to pass an application's formal review: a 技术创新中心 whose
 * declared figures miss a threshold (alone, or its whole 符合以下条件之一 group). Other kinds: never (their misses are
 * the reasons of a rejection, RULEBOOK §7 "Thresholds").
 * @returns the keys of the missed thresholds (empty: none needed).
 */
export function caseByCaseNeeded(
  kind: CarrierKind | string,
  thresholds: readonly Pick<CarrierThresholdResultDto, 'key' | 'met' | 'anyOf' | 'groupMet'>[],
): string[] {
  if (kind !== CarrierKind.InnovationCenter) return [];
  return thresholds.filter((t) => !t.met && !(t.anyOf && t.groupMet)).map((t) => t.key);
}
