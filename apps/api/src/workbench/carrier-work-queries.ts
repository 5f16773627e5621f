import { CARRIER_DUE_LEAD_DAYS, CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY, type WorkQueue } from '@jiebang/policy';

/** The carrier queues of `WORK_QUEUES` (issue 15 §6). */
export type CarrierWorkQueue = Extract<
  WorkQueue,
  | 'carrierNoticeEnded'
  | 'carrierReportDue'
  | 'carrierReportReview'
  | 'carrierReportFiling'
  | 'carrierEvaluationDue'
  | 'carrierPreparingDue'
  | 'carrierRectificationDue'
  | 'carrierChangeReview'
  | 'carrierChangeRecommend'
  | 'carrierEstablishmentRecommend'
  | 'caseByCaseApproval'
>;

/** Today in Beijing, as SQL. */
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
/** 00:00 Beijing of the SQL date expression `d`, as a timestamptz. */
const startOf = (d: string) => `((${d})::timestamp AT TIME ZONE 'Asia/Shanghai')`;
/** A date `CARRIER_DUE_LEAD_DAYS` before the SQL date `d`: when a dated item appears on the workbench. */
const lead = (d: string) => `((${d}) - ${CARRIER_DUE_LEAD_DAYS})`;

/**
 * The carrier queues' SQL (same columns as `WORK_QUERIES`, whose file includes them). First the applications whose
 * 公示 is over without an open objection (`carrierNoticeEnded`, `000` 四.3 公示期满无异议的…发文公布): status
 * `on_notice` past `notice_ends_at` — nothing changes the status when the notice ends (publication itself is the next
 * step and checks the same), so the queue is what tells staff; it enters at the end of the notice, or at the
 * dismissal of the last objection when that came later, and leaves on publication (or an objection upheld). Then the
 * running years of the
 * registry (`carrier`, `carrier_report`, `carrier_evaluation`, `carrier_change`, `carrier_case_decision`,
 * `carrier_establishment_request`). The recommender's queues (changes `awaiting_recommender`, 考核申请 `submitted`;
 * `001 §19`, `003 §20`, `§30`) come before staff's: staff see a change once reported on, and a centre's 筹建期满考核
 * only once its 考核申请 is agreed. Their rows carry the recommending authority (`authority`): the change's
 * `recommender_authority`, the 考核申请's `authority`, for an annual report the `authority` of the application that
 * registered the carrier (NULL for an entry without one: then its host's region decides, `recommenderHolderSql`).
 * Items without a row of their own (a report not yet written, an evaluation falling due) have a derived id:
 * `md5(carrier id, what, year or due date)` as a uuid, stable while the item waits, new for the next period.
 * Dated items carry their own due date (`own_due_on`): the annual report (`003 §29` 1 月 31 日, else the rule set's
 * or the configured month-day), the evaluation (`001 §16` 2 years, `003 §32` 3 years after 正式成立, counted from
 * the latest of publication, establishment and the last evaluation), the end of 筹建 (`003 §20`) and of 整改
 * (`rectify_until`); they enter `CARRIER_DUE_LEAD_DAYS` days before it (the report: on 1 January after the year).
 */
export const CARRIER_WORK_QUERIES: Readonly<Record<CarrierWorkQueue, string>> = {
  carrierNoticeEnded: `
    SELECT a.id, 'carrier_application' AS kind,
      a.platform_name || '(公示至 ' || coalesce(to_char(a.notice_last_day, 'YYYY-MM-DD'), '—') || ')' AS title,
      '/staff/carriers?status=on_notice&open=' || a.id AS link,
      greatest(a.notice_ends_at,
        (SELECT max(ob.resolved_at) FROM carrier_objection ob WHERE ob.application_id = a.id)) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier_application a
    WHERE a.status = 'on_notice' AND a.notice_ends_at <= now()
      AND NOT EXISTS (SELECT 1 FROM carrier_objection ob WHERE ob.application_id = a.id AND ob.status = 'open')`,
  carrierReportDue: `
    SELECT md5(c.id::text || ':report:' || y.year)::uuid AS id, 'carrier_report_due' AS kind,
      c.plate_name || ' · ' || y.year || ' 年度报告' AS title, '/carriers/' || c.id AS link,
      ${startOf('make_date(y.year + 1, 1, 1)')} AS entered_at,
      to_date((y.year + 1)::text || '-' || coalesce(rs.data ->> 'annualReportDueMonthDay',
        '${CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY}'), 'YYYY-MM-DD') AS own_due_on,
      c.host_org_id AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier c JOIN carrier_rule_set rs ON rs.id = c.rule_set_id
    CROSS JOIN LATERAL (SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int - 1 AS year) y
    WHERE c.status <> 'revoked' AND c.published_on <= make_date(y.year, 12, 31)
      AND NOT EXISTS (SELECT 1 FROM carrier_report r WHERE r.carrier_id = c.id AND r.year = y.year)`,
  carrierReportReview: `
    SELECT r.id, 'carrier_report' AS kind, c.plate_name || ' · ' || r.year || ' 年度报告' AS title,
      '/carriers/' || c.id AS link, r.submitted_at AS entered_at,
      NULL::date AS own_due_on, c.host_org_id AS org_id, NULL::uuid AS user_id, a.authority
    FROM carrier_report r JOIN carrier c ON c.id = r.carrier_id
    LEFT JOIN carrier_application a ON a.id = c.application_id
    WHERE r.status = 'submitted' AND NOT coalesce(a.direct, false)`,
  carrierReportFiling: `
    SELECT r.id, 'carrier_report' AS kind, c.plate_name || ' · ' || r.year || ' 年度报告' AS title,
      '/carriers/' || c.id AS link, coalesce(r.reviewed_at, r.submitted_at) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier_report r JOIN carrier c ON c.id = r.carrier_id
    LEFT JOIN carrier_application a ON a.id = c.application_id
    WHERE r.status = 'reviewed' OR (r.status = 'submitted' AND coalesce(a.direct, false))`,
  carrierEvaluationDue: `
    SELECT md5(c.id::text || ':evaluation:' || d.due_on)::uuid AS id, 'carrier_evaluation_due' AS kind,
      c.plate_name || ' · 绩效评价' AS title, '/carriers/' || c.id AS link,
      ${startOf(lead('d.due_on'))} AS entered_at, d.due_on AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier c JOIN carrier_rule_set rs ON rs.id = c.rule_set_id
    CROSS JOIN LATERAL (SELECT (greatest(c.published_on, c.established_on,
        (SELECT max((e.decided_at AT TIME ZONE 'Asia/Shanghai')::date) FROM carrier_evaluation e
         WHERE e.carrier_id = c.id))
      + make_interval(years => (rs.data ->> 'evaluationEveryYears')::int))::date AS due_on) d
    WHERE c.status = 'operating' AND rs.data ->> 'evaluationEveryYears' IS NOT NULL
      AND ${lead('d.due_on')} <= ${TODAY}`,
  carrierPreparingDue: `
    SELECT md5(c.id::text || ':preparing')::uuid AS id, 'carrier_preparing_due' AS kind,
      c.plate_name || ' · 筹建期满考核' AS title, '/carriers/' || c.id AS link,
      ${startOf(lead('d.due_on'))} AS entered_at, d.due_on AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier c JOIN carrier_rule_set rs ON rs.id = c.rule_set_id
    CROSS JOIN LATERAL (SELECT (c.published_on
      + make_interval(years => coalesce((rs.data ->> 'preparingYears')::int, 0)))::date AS due_on) d
    WHERE c.status = 'preparing' AND rs.data ->> 'preparingYears' IS NOT NULL AND ${lead('d.due_on')} <= ${TODAY}
      AND EXISTS (SELECT 1 FROM carrier_establishment_request er WHERE er.carrier_id = c.id AND er.status = 'agreed')`,
  carrierRectificationDue: `
    SELECT md5(c.id::text || ':rectification:' || c.rectify_until)::uuid AS id, 'carrier_rectification_due' AS kind,
      c.plate_name || ' · 整改期满复评' AS title, '/carriers/' || c.id AS link,
      ${startOf(lead('c.rectify_until'))} AS entered_at, c.rectify_until AS own_due_on,
      NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier c
    WHERE c.status = 'rectifying' AND c.rectify_until IS NOT NULL AND ${lead('c.rectify_until')} <= ${TODAY}`,
  carrierChangeReview: `
    SELECT ch.id, 'carrier_change' AS kind,
      CASE WHEN ch.status = 'awaiting_second' THEN '变更复核:' ELSE '重大事项变更:' END || c.plate_name AS title,
      '/carriers/' || c.id AS link, coalesce(ch.first_decision_at, ch.recommended_at, ch.created_at) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier_change ch JOIN carrier c ON c.id = ch.carrier_id
    WHERE ch.status IN ('reported', 'awaiting_second')`,
  carrierChangeRecommend: `
    SELECT ch.id, 'carrier_change' AS kind, '重大事项变更:' || c.plate_name AS title,
      '/carriers/' || c.id AS link, ch.created_at AS entered_at,
      NULL::date AS own_due_on, c.host_org_id AS org_id, NULL::uuid AS user_id,
      ch.recommender_authority AS authority
    FROM carrier_change ch JOIN carrier c ON c.id = ch.carrier_id
    WHERE ch.status = 'awaiting_recommender'`,
  carrierEstablishmentRecommend: `
    SELECT er.id, 'carrier_establishment_request' AS kind, '筹建期满考核申请:' || c.plate_name AS title,
      '/carriers/' || c.id AS link, er.submitted_at AS entered_at,
      NULL::date AS own_due_on, c.host_org_id AS org_id, NULL::uuid AS user_id, er.authority
    FROM carrier_establishment_request er JOIN carrier c ON c.id = er.carrier_id
    WHERE er.status = 'submitted'`,
  caseByCaseApproval: `
    SELECT d.id, 'carrier_case_decision' AS kind, '一事一议:' || a.platform_name AS title,
      '/carriers/applications/' || a.id AS link, d.proposed_at AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM carrier_case_decision d JOIN carrier_application a ON a.id = d.application_id
    WHERE d.status = 'proposed'`,
};
