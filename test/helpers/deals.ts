import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CurrentUser, OfferTerms } from '@jiebang/contracts';
import { NegotiationsService } from '../../apps/api/src/negotiations/negotiations.service';
import { dealTermsFor } from '../../apps/api/src/demo/demo-terms';
import { DealWriter } from '../../apps/api/src/deals/deal-writer';
import { orgId } from './app';

/** The logged-in user behind a token, as the API sees it. */
export async function userOf(app: INestApplication, token: string): Promise<CurrentUser> {
  const r = await request(app.getHttpServer())
    .get('/api/v1/auth/me')
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  return r.body as CurrentUser;
}

/** Offer terms with a two-step schedule summing to `amountYuan` (whole yuan), as the demo deals use. */
export function dealTerms(amountYuan: string, kind: 'challenge' | 'achievement'): OfferTerms {
  return dealTermsFor(amountYuan.split('.')[0], kind);
}

/**
 * A deal in `agreement_review`, made the way production makes it: a published listing and a recommended
 * application (inserted), then both sides accept the same offer through `NegotiationsService` (the negotiation
 * suite covers the socket path), which drafts the agreement and opens the deal in one transaction.
 */
export async function makeDeal(
  app: INestApplication,
  o: {
    kind: 'challenge' | 'achievement';
    title: string;
    posterName: string;
    takerName: string;
    posterToken: string;
    takerToken: string;
    amountYuan: string;
  },
): Promise<{ dealId: string; applicationId: string; negotiationId: string }> {
  const db = app.get(DataSource);
  const poster = await orgId(app, o.posterName);
  const taker = await orgId(app, o.takerName);
  const takerUser = await userOf(app, o.takerToken);
  const posterUser = await userOf(app, o.posterToken);
  const [listing] = await db.query(
    `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
     VALUES ($1, 'rare_earth', $2, 'published', $3, $4, now()) RETURNING id`,
    [o.kind, o.title, poster, o.posterName],
  );
  const [application] = await db.query(
    `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
     VALUES ($1, $2, 'recommended', '实施方案', '团队', 100000000, $3) RETURNING id`,
    [listing.id, taker, takerUser.id],
  );
  const [n] = await db.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [application.id]);
  const dealId = await agree(app, n.id, posterUser, takerUser, dealTerms(o.amountYuan, o.kind));
  return { dealId, applicationId: application.id, negotiationId: n.id };
}

/** Both sides accept one offer in an open negotiation → the new deal's id. */
export async function agree(
  app: INestApplication,
  negotiationId: string,
  poster: CurrentUser,
  taker: CurrentUser,
  terms: OfferTerms,
): Promise<string> {
  const negotiations = app.get(NegotiationsService);
  const offer = await negotiations.propose(poster, negotiationId, randomUUID(), terms);
  const r = await negotiations.respond(taker, negotiationId, offer.id, 'accept');
  if (!r.agreementDraftId) throw new Error('no agreement drafted');
  const [deal] = await app
    .get(DataSource)
    .query(`SELECT id FROM deal WHERE agreement_draft_id = $1`, [r.agreementDraftId]);
  return deal.id;
}

/**
 * Lets the notice period elapse: the calendar cannot be waited for in a test, so the end instant is moved
 * to the past (what five working days would do), then the close job's handler runs as it would at that instant
 * (`DealsJob.CloseNotices`; requests never close notices); `runCloseJob: false` leaves that to the caller.
 */
export async function elapseNotice(
  app: INestApplication,
  dealId: string,
  opts: { runCloseJob?: boolean } = {},
): Promise<void> {
  await app
    .get(DataSource)
    .query(`UPDATE deal SET notice_ends_at = now() - interval '1 second' WHERE id = $1`, [dealId]);
  if (opts.runCloseJob !== false) await app.get(DealWriter).closeElapsedNotices();
}

/** A minimal valid PDF (the storage port judges type by content). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Uploads `PDF` to a deal with `purpose` as the holder of `token` (expects 201) → the attachment's id. */
export async function uploadDealFile(
  app: INestApplication,
  token: string,
  dealId: string,
  purpose: string,
): Promise<string> {
  const r = await request(app.getHttpServer())
    .post(`/api/v1/deals/${dealId}/attachments`)
    .set('Authorization', `Bearer ${token}`)
    .field('purpose', purpose)
    .attach('file', PDF, { filename: `${purpose}.pdf` })
    .expect(201);
  return r.body.id;
}

/**
 * An achievement deal (包头稀土研究院 → 包钢集团) driven over the API to `accepted` with its funds confirmed and its
 * economic benefit confirmed: the subsidy is ready to be proposed. `tokens` holds the demo accounts' tokens.
 */
export async function acceptedAchievementDeal(
  app: INestApplication,
  tokens: Record<string, string>,
  title: string,
): Promise<string> {
  const http = () => request(app.getHttpServer());
  const post = (u: string, path: string, body: object) =>
    http().post(path).set('Authorization', `Bearer ${tokens[u]}`).send(body).expect(200);
  const upload = (u: string, dealId: string, purpose: string) => uploadDealFile(app, tokens[u], dealId, purpose);
  const { dealId } = await makeDeal(app, {
    kind: 'achievement',
    title,
    posterName: '包头稀土研究院',
    takerName: '包头钢铁(集团)有限责任公司',
    posterToken: tokens['institute.demo'],
    takerToken: tokens['enterprise.demo'],
    amountYuan: '12000000',
  });
  const base = `/api/v1/deals/${dealId}`;
  await post('staff.broker', `${base}/notice`, { reviewNote: '协议要素齐全' });
  await elapseNotice(app, dealId);
  await post('staff.broker', `${base}/sign`, {
    contractRegistrationNo: '1502002026000789',
    taskBookNo: 'RW-2026-009',
    signedOn: '2026-11-20',
    agreementAttachmentId: await upload('staff.broker', dealId, 'agreement'),
    taskBookAttachmentId: await upload('staff.broker', dealId, 'task_book'),
  });
  const voucher = await upload('enterprise.demo', dealId, 'voucher');
  const paid = await post('enterprise.demo', `${base}/installments`, {
    idempotencyKey: randomUUID(),
    amountYuan: '12000000.00',
    paidOn: '2026-11-20',
    voucherAttachmentId: voucher,
  });
  await post('staff.broker', `${base}/installments/${paid.body.installments[0].id}/review`, { decision: 'confirm' });
  for (const m of paid.body.milestones as { id: string }[]) {
    const ev = await upload('enterprise.demo', dealId, 'milestone_evidence');
    await post('enterprise.demo', `${base}/milestones/${m.id}/submit`, { report: '已完成', evidenceAttachmentId: ev });
    await post('staff.broker', `${base}/milestones/${m.id}/review`, { decision: 'approve' });
  }
  await post('staff.broker', `${base}/acceptance/opinions`, {
    expertName: '李专家',
    conclusion: 'pass',
    opinion: '达到任务书指标',
  });
  await post('staff.broker', `${base}/acceptance/conclude`, { result: 'passed', note: '通过验收' });
  await post('staff.broker', `${base}/benefit`, { note: '新增销售收入 8000 万元,达到预期' });
  return dealId;
}
