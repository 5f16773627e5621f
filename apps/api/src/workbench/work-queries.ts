import type { WorkQueue } from '@jiebang/policy';
import { CARRIER_WORK_QUERIES } from './carrier-work-queries';

/**
 * Where each work queue's items live: one SQL query per queue, explicit columns, each row one waiting item with
 * `id`, `kind`, `title`, `link`, `entered_at` (timestamptz: when it entered the queue), `own_due_on` (a date for
 * queues whose items carry their own, else null), and who holds it: `org_id` (a party organisation) or `user_id`
 * (an invited expert); both null for staff queues (the holders are the staff with the queue's capability,
 * `WORK_QUEUES[queue].capability`); `authority` (text): for a recommender queue the item's recommending authority
 * (`AUTHORITIES` code) where the item knows it, NULL elsewhere and where unknown (then the region of `org_id` decides:
 * `recommenderHolderSql`). Used by the workbench (filtered by holder) and by the reminders (by id).
 *
 * The carrier platforms' queues (issue 15 §6) are in `./carrier-work-queries`.
 *
 * When an item entered: the audit log's entry of the step that put it there where the row has no own time
 * (a listing's `submit`, a milestone's `milestone_submitted`), else the row's creation.
 */
export const WORK_QUERIES: Readonly<Record<WorkQueue, string>> = {
  screening: `
    SELECT l.id, 'listing' AS kind, l.title, '/listings/' || l.id AS link,
      coalesce((SELECT max(a.at) FROM audit_log a
                WHERE a.entity_type = 'listing' AND a.entity_id = l.id AND a.action = 'submit'), l.updated_at)
        AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM listing l WHERE l.status IN ('submitted', 'screening')`,
  applicationReview: `
    SELECT ap.id, 'application' AS kind, l.title || ' · ' || o.name AS title, '/listings/' || l.id AS link,
      coalesce((SELECT max(a.at) FROM audit_log a
                WHERE a.entity_type = 'application' AND a.entity_id = ap.id AND a.to_status = 'submitted'),
               ap.created_at) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM application ap JOIN listing l ON l.id = ap.listing_id JOIN organization o ON o.id = ap.applicant_org_id
    WHERE ap.status IN ('submitted', 'under_review')`,
  expertReview: `
    SELECT ea.id, 'expert_assignment' AS kind,
      CASE WHEN ea.subject_type = 'listing' THEN '需求论证:' || l.title ELSE '申报评审:' || la.title END AS title,
      '/expert' AS link, ea.assigned_at AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, ea.expert_user_id AS user_id, NULL::text AS authority
    FROM expert_assignment ea
    LEFT JOIN listing l ON ea.subject_type = 'listing' AND l.id = ea.subject_id
    LEFT JOIN application ap ON ea.subject_type = 'application' AND ap.id = ea.subject_id
    LEFT JOIN listing la ON la.id = ap.listing_id
    WHERE (ea.subject_type = 'listing' AND l.status IN ('submitted', 'screening')
           AND NOT EXISTS (SELECT 1 FROM screening_opinion s
                           WHERE s.listing_id = ea.subject_id AND s.expert_user_id = ea.expert_user_id))
       OR (ea.subject_type = 'application' AND ap.status IN ('submitted', 'under_review')
           AND NOT EXISTS (SELECT 1 FROM review_score r
                           WHERE r.application_id = ea.subject_id AND r.expert_user_id = ea.expert_user_id))`,
  agreementReview: `
    SELECT d.id, 'deal' AS kind, l.title, '/deals/' || d.id AS link, d.created_at AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM deal d JOIN listing l ON l.id = d.listing_id WHERE d.status = 'agreement_review'`,
  objection: `
    SELECT ob.id, 'objection' AS kind, '异议:' || l.title AS title, '/deals/' || d.id AS link,
      ob.created_at AS entered_at, NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM objection ob JOIN deal d ON d.id = ob.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE ob.status = 'open'`,
  signing: `
    SELECT d.id, 'deal' AS kind, l.title, '/deals/' || d.id AS link,
      coalesce(d.notice_ends_at, d.updated_at) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM deal d JOIN listing l ON l.id = d.listing_id WHERE d.status = 'awaiting_signing'`,
  installmentConfirmation: `
    SELECT fi.id, 'installment' AS kind, l.title || ' · 第 ' || fi.seq || ' 笔拨付' AS title,
      '/deals/' || d.id AS link, fi.created_at AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM funding_installment fi JOIN deal d ON d.id = fi.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE fi.status = 'recorded'`,
  milestoneReview: `
    SELECT m.id, 'milestone' AS kind, l.title || ' · 里程碑 ' || m.seq || ':' || m.title AS title,
      '/deals/' || d.id AS link,
      coalesce((SELECT max(a.at) FROM audit_log a
                WHERE a.entity_type = 'deal' AND a.entity_id = m.deal_id AND a.action = 'milestone_submitted'
                  AND a.data ->> 'milestoneId' = m.id::text), d.updated_at) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM milestone m JOIN deal d ON d.id = m.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE m.status = 'submitted'`,
  changeDecision: `
    SELECT ch.id, 'deal_change' AS kind,
      CASE WHEN ch.kind = 'extension' THEN '延期申请:' ELSE '终止申请:' END || l.title AS title,
      '/deals/' || d.id AS link,
      coalesce((SELECT max(a.at) FROM audit_log a
                WHERE a.entity_type = 'deal' AND a.entity_id = ch.deal_id AND a.action = ch.kind || '_agreed'
                  AND a.data ->> 'changeId' = ch.id::text), ch.created_at) AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM deal_change ch JOIN deal d ON d.id = ch.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE ch.status = 'agreed'`,
  subsidyApproval: `
    SELECT s.id, 'subsidy' AS kind,
      CASE WHEN s.mode = 'pre' THEN '前资助:' ELSE '后补助:' END || l.title AS title,
      '/deals/' || d.id AS link, s.created_at AS entered_at,
      NULL::date AS own_due_on, NULL::uuid AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM subsidy s JOIN deal d ON d.id = s.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE s.status = 'proposed'`,
  consent: `
    SELECT ap.id, 'application_member' AS kind, '联合体揭榜:' || l.title AS title,
      '/workspace?tab=applications' AS link, ap.created_at AS entered_at,
      NULL::date AS own_due_on, am.org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM application_member am JOIN application ap ON ap.id = am.application_id
    JOIN listing l ON l.id = ap.listing_id
    WHERE am.consented_at IS NULL AND ap.status = 'pending_consent'`,
  offerAnswer: `
    SELECT o.id, 'offer' AS kind, '报价第 ' || o.version || ' 版:' || l.title AS title,
      '/negotiations/' || n.id AS link, o.created_at AS entered_at, NULL::date AS own_due_on,
      CASE WHEN o.side = 'poster' THEN ap.applicant_org_id ELSE l.poster_org_id END AS org_id,
      NULL::uuid AS user_id, NULL::text AS authority
    FROM offer o JOIN negotiation n ON n.id = o.negotiation_id
    JOIN application ap ON ap.id = n.application_id JOIN listing l ON l.id = ap.listing_id
    WHERE o.status = 'open' AND n.status = 'open'`,
  changeAgreement: `
    SELECT ch.id, 'deal_change' AS kind,
      CASE WHEN ch.kind = 'extension' THEN '对方申请延期:' ELSE '对方申请终止:' END || l.title AS title,
      '/deals/' || d.id AS link, ch.created_at AS entered_at, NULL::date AS own_due_on,
      CASE WHEN ch.poster_agreed THEN d.taker_org_id ELSE d.poster_org_id END AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM deal_change ch JOIN deal d ON d.id = ch.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE ch.status = 'proposed'`,
  milestoneReport: `
    SELECT m.id, 'milestone' AS kind, l.title || ' · 里程碑 ' || m.seq || ':' || m.title AS title,
      '/deals/' || d.id AS link,
      coalesce(m.reviewed_at, (d.signed_on::timestamp AT TIME ZONE 'Asia/Shanghai'), d.updated_at) AS entered_at,
      m.due_on AS own_due_on, d.taker_org_id AS org_id, NULL::uuid AS user_id, NULL::text AS authority
    FROM milestone m JOIN deal d ON d.id = m.deal_id JOIN listing l ON l.id = d.listing_id
    WHERE m.status IN ('pending', 'rejected') AND d.status = 'in_progress'`,
  ...CARRIER_WORK_QUERIES,
};
