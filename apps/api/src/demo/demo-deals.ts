import { INestApplication, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CurrentUser } from '@jiebang/contracts';
import { UserEntity } from '../auth/user.entity';
import { DealNoticeService } from '../deals/deal-notice.service';
import { DealWriter } from '../deals/deal-writer';
import { EligibilityService } from '../matching/eligibility.service';
import { NegotiationsService } from '../negotiations/negotiations.service';
import { dealTermsFor } from './demo-terms';
import { refreshDerivedFields } from '../organizations/derived-fields';

/** The demo deals: both between 包钢集团 (enterprise.demo) and 内蒙古科技大学 (university.demo). */
const DEMO_DEALS = [
  {
    title: '【演示】稀土钢洁净冶炼与夹杂物控制关键技术攻关',
    amountYuan: '6000000',
    summary: '演示数据:发榜方为包钢集团,揭榜方为内蒙古科技大学,协议已进入公示。',
    noticeElapsed: false,
  },
  {
    title: '【演示】高炉富氢冶炼低碳工艺关键技术攻关',
    amountYuan: '30000000',
    summary: '演示数据:公示期已满且无异议,待科技厅登记签约,可继续演示资金到位、里程碑、验收与前资助。',
    noticeElapsed: true,
  },
] as const;

async function userNamed(db: DataSource, username: string): Promise<CurrentUser> {
  const u = await db.getRepository(UserEntity).findOneOrFail({ where: { username } });
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    staffRoles: u.staffRoles,
    orgId: u.orgId,
  };
}

/**
 * Seeds two demo 技术攻关 deals into a freshly loaded demo database, clearly titled 【演示】 so that nobody takes
 * them for real contracts: 包钢集团 posts, 内蒙古科技大学 takes (checked eligible by the same eligibility service as
 * real applications). Each listing is published, its application recommended, and both sides accept one offer
 * through `NegotiationsService` — which opens the deal exactly as in production; staff then open the public
 * notice through `DealNoticeService`. The second deal's notice is dated two weeks back, so it already awaits signing
 * and the rest of the lifecycle can be shown at once. Skipped (with a log line) if a party is missing or not
 * eligible. Runs only right after the demo dataset was loaded into an empty database.
 */
export async function seedDemoDeals(app: INestApplication): Promise<number> {
  const log = new Logger('DemoDeals');
  const db = app.get(DataSource);
  const [poster] = await db.query(`SELECT id, name FROM organization WHERE name = '包头钢铁(集团)有限责任公司'`);
  const [taker] = await db.query(`SELECT id FROM organization WHERE name = '内蒙古科技大学'`);
  if (!poster || !taker) {
    log.warn('demo deals skipped: 包钢集团 or 内蒙古科技大学 is missing from the demo data');
    return 0;
  }
  const posterUser = await userNamed(db, 'enterprise.demo');
  const takerUser = await userNamed(db, 'university.demo');
  const broker = await userNamed(db, 'staff.broker');
  let made = 0;
  for (const d of DEMO_DEALS) {
    const [listing] = await db.query(
      // The listing terms a 榜单 announces (issue 16 item 16): 榜额 = the agreed amount, 合作开发, a demo contact.
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, region_code, summary, note,
         source_urls, published_at, offer_amount_fen, apply_deadline, cooperation_forms, contact_name)
       VALUES ('challenge', 'rare_earth', $1, 'published', $2, $3, '150200', $4, '演示数据', '{}', now(), $5,
         (now() AT TIME ZONE 'Asia/Shanghai')::date + 30, '{development}', '演示联系人(包钢集团科技部)')
       RETURNING id`,
      [d.title, poster.id, poster.name, d.summary, `${d.amountYuan}00`],
    );
    const eligibility = await app.get(EligibilityService).check({ listingId: listing.id, applicantOrgId: taker.id });
    if (!eligibility.eligible) {
      log.warn(`demo deal skipped: ${eligibility.blocks.map((b) => b.code).join(', ')}`);
      continue;
    }
    const [application] = await db.query(
      `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
       VALUES ($1, $2, 'recommended', '演示:实施方案', '演示:技术团队', $3, $4) RETURNING id`,
      [listing.id, taker.id, `${d.amountYuan}00`, takerUser.id],
    );
    const [n] = await db.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [application.id]);
    const negotiations = app.get(NegotiationsService);
    const offer = await negotiations.propose(posterUser, n.id, randomUUID(), dealTermsFor(d.amountYuan));
    const r = await negotiations.respond(takerUser, n.id, offer.id, 'accept');
    const [deal] = await db.query(`SELECT id FROM deal WHERE agreement_draft_id = $1`, [r.agreementDraftId]);
    // The elapsed demo notice is opened two weeks back through the service itself, so that the deal's notice dates,
    // its timeline and its export agree (issue 16 item 20); `closeElapsedNotices` below then closes it.
    const openedAt = d.noticeElapsed ? new Date(Date.now() - 14 * 24 * 3_600_000) : new Date();
    await app
      .get(DealNoticeService)
      .openNotice(broker, deal.id, undefined, '演示:协议金额、付款计划、知识产权归属与收益分配齐全', openedAt);
    made++;
  }
  await app.get(DealWriter).closeElapsedNotices();
  // The deals are evidence of their parties' fields too (matching's field fit, issue 16 item 7).
  await refreshDerivedFields(db.manager, [poster.id, taker.id]);
  return made;
}
