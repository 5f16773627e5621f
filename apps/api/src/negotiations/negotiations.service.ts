import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ApplicationStatus,
  can,
  Capability,
  CurrentUser,
  ErrorCode,
  MAX_MESSAGE_CHARS,
  MessageDto,
  NegotiationDto,
  OfferDto,
  OfferTerms,
  UUID_PATTERN,
} from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { replayOf } from '../common/idempotency';
import { ListingEntity } from '../listings/listing.entity';
import { ApplicationEntity, ApplicationMemberEntity } from '../pipeline/application.entity';
import { randomUUID } from 'node:crypto';
import { acceptUpload } from '../attachments/attachments.service';
import { openDeal } from '../deals/open-deal';
import { StoragePort } from '../attachments/storage.port';
import { offerContent, toOffer, validateOfferTerms } from './offer-terms';
import {
  AgreementDraftEntity,
  NegotiationAttachmentEntity,
  NegotiationEntity,
  NegotiationMessageEntity,
  OfferEntity,
} from './negotiation.entity';

/** Who a member of a room is. */
export type Side = 'poster' | 'applicant' | 'broker';

interface RoomContext {
  negotiation: NegotiationEntity;
  application: ApplicationEntity;
  listing: ListingEntity;
  memberOrgIds: string[];
}

function refuse(
  code: ErrorCode,
  message: string,
  rule?: string,
  status = HttpStatus.UNPROCESSABLE_ENTITY,
): DomainError {
  return new DomainError(status, code, message, rule);
}

function toMessage(m: NegotiationMessageEntity, senderName: string): MessageDto {
  const a = m.attachment;
  return {
    attachment:
      a && !m.retractedAt
        ? { id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes }
        : null,
    id: m.id,
    negotiationId: m.negotiationId,
    seq: m.seq,
    senderUserId: m.senderUserId,
    senderName,
    body: m.retractedAt ? '' : m.body,
    retracted: !!m.retractedAt,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * Negotiation rooms (组织对接, seed `004 §9(六)`) with PostgreSQL as the record: membership is checked against the
 * database on every join; a message gets its per-room sequence and is committed before it is acknowledged; a
 * retried send (same idempotency key) returns the stored message; offers are versioned and, when both sides
 * accept the same version, become a draft agreement and move the application to `agreement_drafted`.
 */
@Injectable()
export class NegotiationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly storage: StoragePort,
    private readonly work: WorkQueueNotifier,
  ) {}

  /** Opens the room of a recommended application (idempotent; called in the recommendation's transaction). */
  async openFor(em: EntityManager, applicationId: string): Promise<void> {
    await em.query(`INSERT INTO negotiation (application_id) VALUES ($1) ON CONFLICT (application_id) DO NOTHING`, [
      applicationId,
    ]);
  }

  private async context(em: EntityManager, negotiationId: string, lock = false): Promise<RoomContext> {
    if (!UUID_PATTERN.test(negotiationId)) throw new NotFoundError('洽谈', negotiationId);
    const negotiation = await em
      .getRepository(NegotiationEntity)
      .findOne({ where: { id: negotiationId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!negotiation) throw new NotFoundError('洽谈', negotiationId);
    const application = (await em
      .getRepository(ApplicationEntity)
      .findOne({ where: { id: negotiation.applicationId } })) as ApplicationEntity;
    const listing = (await em
      .getRepository(ListingEntity)
      .findOne({ where: { id: application.listingId } })) as ListingEntity;
    const members = await em.getRepository(ApplicationMemberEntity).find({ where: { applicationId: application.id } });
    return { negotiation, application, listing, memberOrgIds: members.map((m) => m.orgId) };
  }

  /** The caller's side in the room, or null when the caller is not a member (RULEBOOK: rooms are private). */
  sideOf(user: CurrentUser, ctx: RoomContext): Side | null {
    if (can(user, Capability.BrokerNegotiations)) return 'broker';
    if (!user.orgId) return null;
    if (user.orgId === ctx.listing.posterOrgId) return 'poster';
    if (user.orgId === ctx.application.applicantOrgId || ctx.memberOrgIds.includes(user.orgId)) return 'applicant';
    return null;
  }

  /**
   * The room of application `applicationId` as `NegotiationDto`, for its members.
   * @throws NotFoundError 404 when the application has no room (not recommended yet); 403 `NOT_A_MEMBER`.
   */
  async ofApplication(user: CurrentUser, applicationId: string): Promise<NegotiationDto> {
    const n = await this.db.getRepository(NegotiationEntity).findOne({ where: { applicationId } });
    if (!n) throw new NotFoundError('洽谈', applicationId);
    const { ctx } = await this.authorize(user, n.id);
    return this.toDto(ctx, await this.agreement(ctx.application.id));
  }

  /** Authorises a join against the database; 403 `NOT_A_MEMBER` for anyone else. */
  async authorize(user: CurrentUser, negotiationId: string): Promise<{ ctx: RoomContext; side: Side }> {
    const ctx = await this.context(this.db.manager, negotiationId);
    const side = this.sideOf(user, ctx);
    if (!side) throw refuse('NOT_A_MEMBER', '您不是该洽谈的参与方', '004 §9(六)', HttpStatus.FORBIDDEN);
    return { ctx, side };
  }

  toDto(
    ctx: RoomContext,
    agreement: { draftId: string | null; dealId: string | null } = { draftId: null, dealId: null },
  ): NegotiationDto {
    return {
      id: ctx.negotiation.id,
      applicationId: ctx.application.id,
      listingId: ctx.listing.id,
      listingTitle: ctx.listing.title,
      kind: ctx.listing.kind,
      status: ctx.negotiation.status,
      statusReason: ctx.negotiation.statusReason,
      lastSeq: ctx.negotiation.lastSeq,
      posterOrgId: ctx.listing.posterOrgId as string,
      applicantOrgId: ctx.application.applicantOrgId,
      agreementDraftId: agreement.draftId,
      dealId: agreement.dealId,
    };
  }

  /** Messages after `afterSeq`, in order (the replay after a reconnect). */
  async messagesAfter(negotiationId: string, afterSeq: number): Promise<MessageDto[]> {
    const rows = await this.db
      .getRepository(NegotiationMessageEntity)
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.sender', 's')
      .leftJoinAndSelect('m.attachment', 'a')
      .where('m.negotiation_id = :id AND m.seq > :after', {
        id: negotiationId,
        after: Math.max(0, Math.floor(afterSeq) || 0),
      })
      .orderBy('m.seq', 'ASC')
      .getMany();
    return rows.map((m) => toMessage(m, m.sender?.displayName ?? ''));
  }

  async offers(negotiationId: string): Promise<OfferDto[]> {
    const rows = await this.db.getRepository(OfferEntity).find({ where: { negotiationId }, order: { version: 'ASC' } });
    return rows.map(toOffer);
  }

  /**
   * The application's current draft agreement and its deal: the latest draft, unless its deal was sent back to
   * negotiation (then none, and talks go on).
   */
  async agreement(applicationId: string): Promise<{ draftId: string | null; dealId: string | null }> {
    const [d] = (await this.db.query(
      `SELECT a.id, d.id AS deal_id FROM agreement_draft a LEFT JOIN deal d ON d.agreement_draft_id = a.id
       WHERE a.application_id = $1 AND (d.status IS NULL OR d.status <> 'returned')
       ORDER BY a.created_at DESC LIMIT 1`,
      [applicationId],
    )) as { id: string; deal_id: string | null }[];
    return { draftId: d?.id ?? null, dealId: d?.deal_id ?? null };
  }

  /**
   * Stores a message and returns it with its sequence, in one statement (one round trip, no ORM work: this is
   * the hot path of the negotiation socket, bench/README.md): it looks the idempotency key up and, only when
   * the key is new, takes the room's next sequence (the row lock on `negotiation` orders concurrent sends) and
   * inserts the message, so the acknowledgement follows the commit. The caller must have checked membership
   * (the gateway accepts sends only on sockets whose join was authorised against the database). A retry with
   * the same idempotency key returns the stored message (`duplicate: true`) and takes no sequence. Refusals: 422 `MESSAGE_EMPTY` / `MESSAGE_TOO_LONG` / `BAD_IDEMPOTENCY_KEY`,
   * 409 `NEGOTIATION_NOT_OPEN`.
   */
  async send(
    user: CurrentUser,
    negotiationId: string,
    key: string,
    body: string,
  ): Promise<{ message: MessageDto; duplicate: boolean }> {
    const text = typeof body === 'string' ? body.trim() : '';
    if (!text) throw refuse('MESSAGE_EMPTY', '消息不能为空');
    if ([...text].length > MAX_MESSAGE_CHARS) throw refuse('MESSAGE_TOO_LONG', `消息不能超过 ${MAX_MESSAGE_CHARS} 字`);
    if (typeof key !== 'string' || !UUID_PATTERN.test(key))
      throw refuse('BAD_IDEMPOTENCY_KEY', 'idempotencyKey 应为 UUID');
    if (!UUID_PATTERN.test(negotiationId)) throw new NotFoundError('洽谈', negotiationId);
    const stored = async () => {
      const m = await this.db.getRepository(NegotiationMessageEntity).findOne({
        where: { negotiationId, senderUserId: user.id, idempotencyKey: key },
      });
      return m ? { message: toMessage(m, user.displayName), duplicate: true } : null;
    };
    const rows: {
      id: string;
      seq: number;
      created_at: Date;
      body: string;
      retracted: boolean;
      duplicate: boolean;
    }[] = await this.db.query(
      `WITH prior AS (
         SELECT id, seq, created_at, body, retracted_at IS NOT NULL AS retracted FROM negotiation_message
         WHERE negotiation_id = $1 AND sender_user_id = $2 AND idempotency_key = $3
       ), n AS (
         UPDATE negotiation SET last_seq = last_seq + 1
         WHERE id = $1 AND status = 'open' AND NOT EXISTS (SELECT 1 FROM prior) RETURNING last_seq
       ), ins AS (
         INSERT INTO negotiation_message (negotiation_id, seq, sender_user_id, idempotency_key, body)
         SELECT $1, n.last_seq, $2, $3, $4 FROM n
         ON CONFLICT (negotiation_id, sender_user_id, idempotency_key) DO NOTHING
         RETURNING id, seq, created_at, body, false AS retracted
       )
       SELECT *, false AS duplicate FROM ins UNION ALL SELECT *, true AS duplicate FROM prior`,
      [negotiationId, user.id, key, text],
    );
    if (rows.length) {
      const r = rows[0];
      return {
        message: {
          ...(r.duplicate ? { attachment: null } : {}),
          id: r.id,
          negotiationId,
          seq: r.seq,
          senderUserId: user.id,
          senderName: user.displayName,
          body: r.retracted ? '' : r.body,
          retracted: r.retracted,
          createdAt: new Date(r.created_at).toISOString(),
        },
        duplicate: r.duplicate,
      };
    }
    // Nothing inserted: a concurrent retry of the same key won (its row is there), or the room is not open.
    const raced = await stored();
    if (raced) return raced;
    const n = await this.db.getRepository(NegotiationEntity).findOne({ where: { id: negotiationId } });
    if (!n) throw new NotFoundError('洽谈', negotiationId);
    throw refuse(
      'NEGOTIATION_NOT_OPEN',
      `洽谈已${n.status === 'paused' ? '暂停' : '关闭'}`,
      '004 §9(六)',
      HttpStatus.CONFLICT,
    );
  }

  /**
   * Shares a file in the room: type judged by content (as for listing attachments), ≤ 20 MiB, stored in the
   * storage port, then one transaction writes the attachment and its message with the room's next sequence.
   * Refusals: 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413 `ATTACHMENT_TOO_LARGE`, 403
   * `NOT_A_MEMBER`, 409 `NEGOTIATION_NOT_OPEN`.
   */
  async sendAttachment(
    user: CurrentUser,
    negotiationId: string,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ): Promise<MessageDto> {
    const accepted = acceptUpload(file);
    await this.authorize(user, negotiationId);
    const key = `negotiations/${negotiationId}/${randomUUID()}`;
    const { filename, contentType } = accepted;
    return this.db.transaction(async (em) => {
      const [n] = (await em.query(
        `UPDATE negotiation SET last_seq = last_seq + 1 WHERE id = $1 AND status = 'open' RETURNING last_seq`,
        [negotiationId],
      )) as [{ last_seq: number }[], number];
      const seq = n[0]?.last_seq;
      if (!seq) throw refuse('NEGOTIATION_NOT_OPEN', '洽谈未开放', '004 §9(六)', HttpStatus.CONFLICT);
      const att = await em.getRepository(NegotiationAttachmentEntity).save(
        em.getRepository(NegotiationAttachmentEntity).create({
          negotiationId,
          filename,
          contentType,
          sizeBytes: accepted.file.size,
          sha256: accepted.sha256,
          storageKey: key,
          uploadedBy: user.id,
        }),
      );
      const repo = em.getRepository(NegotiationMessageEntity);
      const m = await repo.save(
        repo.create({
          negotiationId,
          seq,
          senderUserId: user.id,
          idempotencyKey: randomUUID(),
          body: `[附件] ${filename}`,
          retractedAt: null,
          attachmentId: att.id,
        }),
      );
      await this.storage.put(key, accepted.file.buffer);
      return toMessage({ ...m, attachment: att }, user.displayName);
    });
  }

  /** The content of a file shared in a room, for its members. 404 otherwise. */
  async attachmentFile(user: CurrentUser, negotiationId: string, attachmentId: string) {
    await this.authorize(user, negotiationId);
    if (!UUID_PATTERN.test(attachmentId)) throw new NotFoundError('附件', attachmentId);
    const a = await this.db
      .getRepository(NegotiationAttachmentEntity)
      .findOne({ where: { id: attachmentId, negotiationId } });
    if (!a) throw new NotFoundError('附件', attachmentId);
    return { filename: a.filename, contentType: a.contentType, data: await this.storage.get(a.storageKey) };
  }

  /** Retracts one's own message: the row stays (with its seq) and shows as retracted. */
  async retract(user: CurrentUser, negotiationId: string, messageId: string): Promise<MessageDto> {
    if (!UUID_PATTERN.test(messageId)) throw new NotFoundError('消息', messageId);
    const m = await this.db
      .getRepository(NegotiationMessageEntity)
      .findOne({ where: { id: messageId, negotiationId } });
    if (!m) throw new NotFoundError('消息', messageId);
    if (m.senderUserId !== user.id)
      throw refuse('NOT_OWN_MESSAGE', '只能撤回自己的消息', undefined, HttpStatus.FORBIDDEN);
    if (!m.retractedAt)
      await this.db.getRepository(NegotiationMessageEntity).update({ id: m.id }, { retractedAt: new Date() });
    return toMessage({ ...m, retractedAt: m.retractedAt ?? new Date() }, user.displayName);
  }

  /** Records how far the user has read (never backwards). */
  async markRead(user: CurrentUser, negotiationId: string, seq: number): Promise<void> {
    await this.db.query(
      `INSERT INTO negotiation_read (negotiation_id, user_id, last_read_seq) VALUES ($1, $2, $3)
       ON CONFLICT (negotiation_id, user_id) DO UPDATE SET last_read_seq = GREATEST(negotiation_read.last_read_seq, EXCLUDED.last_read_seq)`,
      [negotiationId, user.id, Math.max(0, Math.floor(seq) || 0)],
    );
  }

  /**
   * A side puts an offer on the table; it supersedes the open one (a counter-offer) and counts as accepted by
   * its own side. Idempotent by key (`replayOf`: the same terms — amounts in fen, dates, text — return the stored
   * offer; other terms under the key are 409 `IDEMPOTENCY_KEY_REUSED`, nothing written). Refusals: 403
   * `NOT_A_PARTY` (staff broker the talks but make no offers),
   * 409 `NEGOTIATION_NOT_OPEN`, 422 `OFFER_*`.
   */
  async propose(user: CurrentUser, negotiationId: string, key: string, terms: OfferTerms): Promise<OfferDto> {
    if (typeof key !== 'string' || !UUID_PATTERN.test(key))
      throw refuse('BAD_IDEMPOTENCY_KEY', 'idempotencyKey 应为 UUID');
    return this.db.transaction(async (em) => {
      const ctx = await this.context(em, negotiationId, true);
      const side = this.sideOf(user, ctx);
      if (side !== 'poster' && side !== 'applicant')
        throw refuse('NOT_A_PARTY', '只有发榜方和揭榜方可以出价', '004 §9(六)', HttpStatus.FORBIDDEN);
      const repo = em.getRepository(OfferEntity);
      const dup = await repo.findOne({ where: { negotiationId, proposedBy: user.id, idempotencyKey: key } });
      if (dup && replayOf(offerContent(dup.terms), offerContent(terms), '报价')) return toOffer(dup);
      if (ctx.negotiation.status !== 'open')
        throw refuse('NEGOTIATION_NOT_OPEN', '洽谈未开放', '004 §9(六)', HttpStatus.CONFLICT);
      const amount = validateOfferTerms(terms, ctx.listing.kind);
      await repo.update({ negotiationId, status: 'open' }, { status: 'superseded' });
      const [{ v }] = await em.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM offer WHERE negotiation_id = $1`, [
        negotiationId,
      ]);
      const clean: OfferTerms = {
        dealForm: terms.dealForm,
        amountYuan: terms.amountYuan,
        schedule: terms.schedule.map((i) => ({ dueDate: i.dueDate, amountYuan: i.amountYuan })),
        ipOwnership: terms.ipOwnership.trim(),
        benefitSharing: terms.benefitSharing.trim(),
        durationMonths: terms.durationMonths,
      };
      const saved = await repo.save(
        repo.create({
          negotiationId,
          version: Number(v),
          side,
          proposedBy: user.id,
          idempotencyKey: key,
          terms: clean,
          amountFen: amount.toString(),
          status: 'open',
          acceptedByPoster: side === 'poster',
          acceptedByApplicant: side === 'applicant',
          reason: null,
        }),
      );
      await this.audit.append(em, {
        entityType: 'application',
        entityId: ctx.application.id,
        action: 'offer',
        fromStatus: ctx.application.status,
        toStatus: ctx.application.status,
        actorUserId: user.id,
        rule: '004 §9(六)',
        data: { offerId: saved.id, version: saved.version, amountFen: saved.amountFen },
      });
      return toOffer(saved);
    });
  }

  /**
   * The other side accepts or rejects (with a reason) the open offer. When both sides have accepted the same
   * version a draft agreement is made and the application moves to `agreement_drafted`, in one transaction.
   */
  async respond(
    user: CurrentUser,
    negotiationId: string,
    offerId: string,
    action: 'accept' | 'reject',
    reason?: string,
  ): Promise<{ offer: OfferDto; agreementDraftId: string | null }> {
    return this.db.transaction(async (em) => {
      const ctx = await this.context(em, negotiationId, true);
      const side = this.sideOf(user, ctx);
      if (side !== 'poster' && side !== 'applicant')
        throw refuse('NOT_A_PARTY', '只有发榜方和揭榜方可以应答', '004 §9(六)', HttpStatus.FORBIDDEN);
      if (!UUID_PATTERN.test(offerId)) throw new NotFoundError('报价', offerId);
      const offer = await em.getRepository(OfferEntity).findOne({ where: { id: offerId, negotiationId } });
      if (!offer) throw new NotFoundError('报价', offerId);
      if (offer.status !== 'open')
        throw refuse('OFFER_NOT_OPEN', '该版本已不是当前报价', '004 §9(六)', HttpStatus.CONFLICT);
      if (offer.side === side) throw refuse('OWN_OFFER', '不能应答本方的报价', undefined, HttpStatus.CONFLICT);
      if (action === 'reject') {
        if (!reason?.trim()) throw refuse('REASON_REQUIRED', '拒绝报价须说明理由', undefined, HttpStatus.BAD_REQUEST);
        offer.status = 'rejected';
        offer.reason = reason.trim();
        await em.getRepository(OfferEntity).save(offer);
        return { offer: toOffer(offer), agreementDraftId: null };
      }
      if (side === 'poster') offer.acceptedByPoster = true;
      else offer.acceptedByApplicant = true;
      let draftId: string | null = null;
      if (offer.acceptedByPoster && offer.acceptedByApplicant) {
        offer.status = 'accepted';
        const draft = await em.getRepository(AgreementDraftEntity).save(
          em.getRepository(AgreementDraftEntity).create({
            applicationId: ctx.application.id,
            offerId: offer.id,
            terms: offer.terms,
            amountFen: offer.amountFen,
          }),
        );
        draftId = draft.id;
        const from = ctx.application.status;
        if (from !== ApplicationStatus.Recommended) {
          throw refuse('ILLEGAL_TRANSITION', '申报不在已推荐状态', '004 §9(六)', HttpStatus.CONFLICT);
        }
        await em
          .getRepository(ApplicationEntity)
          .update({ id: ctx.application.id }, { status: ApplicationStatus.AgreementDrafted });
        await em
          .getRepository(NegotiationEntity)
          .update({ id: negotiationId }, { status: 'closed', statusReason: '双方已就同一版本达成一致' });
        await this.audit.append(em, {
          entityType: 'application',
          entityId: ctx.application.id,
          action: 'agreement_drafted',
          fromStatus: from,
          toStatus: ApplicationStatus.AgreementDrafted,
          actorUserId: user.id,
          rule: '004 §9(六)',
          data: { offerId: offer.id, agreementDraftId: draft.id },
        });
        const dealId = await openDeal(em, this.audit, {
          applicationId: ctx.application.id,
          agreementDraftId: draft.id,
          listingId: ctx.listing.id,
          kind: ctx.listing.kind as 'challenge' | 'achievement',
          posterOrgId: ctx.listing.posterOrgId as string,
          takerOrgId: ctx.application.applicantOrgId,
          terms: offer.terms,
          amountFen: offer.amountFen,
          actorUserId: user.id,
        });
        // The agreement now waits for staff review (协议审查) before its notice.
        await this.work.entered(em, 'agreementReview', dealId, user.id);
      }
      await em.getRepository(OfferEntity).save(offer);
      return { offer: toOffer(offer), agreementDraftId: draftId };
    });
  }

  /** Staff pause, resume or close a room, with a reason. */
  async setStatus(
    user: CurrentUser,
    negotiationId: string,
    status: 'open' | 'paused' | 'closed',
    reason: string,
  ): Promise<NegotiationDto> {
    return this.db.transaction(async (em) => {
      const ctx = await this.context(em, negotiationId, true);
      if (this.sideOf(user, ctx) !== 'broker')
        throw refuse('FORBIDDEN', '只有对接专员可以暂停或关闭洽谈', undefined, HttpStatus.FORBIDDEN);
      if (ctx.negotiation.status === 'closed')
        throw refuse('ILLEGAL_TRANSITION', '洽谈已关闭', '004 §9(六)', HttpStatus.CONFLICT);
      if (!reason?.trim()) throw refuse('REASON_REQUIRED', '请填写理由', undefined, HttpStatus.BAD_REQUEST);
      await em.getRepository(NegotiationEntity).update({ id: negotiationId }, { status, statusReason: reason.trim() });
      await this.audit.append(em, {
        entityType: 'application',
        entityId: ctx.application.id,
        action: `negotiation_${status}`,
        fromStatus: ctx.application.status,
        toStatus: ctx.application.status,
        actorUserId: user.id,
        reason: reason.trim(),
        rule: '004 §9(六)',
      });
      return this.toDto({ ...ctx, negotiation: { ...ctx.negotiation, status, statusReason: reason.trim() } });
    });
  }

  /** Rooms the user is a member of, newest first. */
  async mine(user: CurrentUser): Promise<NegotiationDto[]> {
    const rows = await this.db.getRepository(NegotiationEntity).find({ order: { createdAt: 'DESC' }, take: 200 });
    const out: NegotiationDto[] = [];
    for (const n of rows) {
      const ctx = await this.context(this.db.manager, n.id);
      if (this.sideOf(user, ctx)) out.push(this.toDto(ctx, await this.agreement(ctx.application.id)));
    }
    return out;
  }

  /** Unread counts per room for the user. */
  async unread(user: CurrentUser, ids: string[]): Promise<Record<string, number>> {
    if (!ids.length) return {};
    const rows: { id: string; unread: number }[] = await this.db.query(
      `SELECT n.id, (n.last_seq - coalesce(r.last_read_seq, 0))::int AS unread FROM negotiation n
       LEFT JOIN negotiation_read r ON r.negotiation_id = n.id AND r.user_id = $2 WHERE n.id = ANY($1::uuid[])`,
      [ids, user.id],
    );
    return Object.fromEntries(rows.map((r) => [r.id, r.unread]));
  }
}
