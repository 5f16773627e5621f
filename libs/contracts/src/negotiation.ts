import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsDefined,
  IsObject,
} from 'class-validator';
import { IsCalendarDate, IsNotBlank } from './input-rules';
import { YUAN_PATTERN } from './patterns';

/**
 * Real-time negotiation (组织对接, seed `004 §9(六)`): the socket.io namespace `/negotiations`, its typed events
 * and payloads. Every client→server event is acknowledged with `Ack<T>`; a refusal carries a code.
 */

export const NEGOTIATION_NAMESPACE = '/negotiations';

/** Deal forms of a 技术合同 offer. */
export const DEAL_FORMS = ['transfer', 'license', 'equity_investment', 'development', 'service'] as const;
export type DealForm = (typeof DEAL_FORMS)[number];
export const DEAL_FORM_LABELS: Record<DealForm, string> = {
  transfer: '技术转让',
  license: '技术许可',
  equity_investment: '作价投资',
  development: '技术开发',
  service: '技术服务',
};

export type NegotiationStatus = 'open' | 'paused' | 'closed';

/** One installment of an offer's payment schedule; amounts in yuan with two decimals (exact). */
export class InstallmentTerms {
  dueDate!: string;
  amountYuan!: string;
}

/** The terms of a structured offer (the future 揭榜协议). */
export class OfferTerms {
  dealForm!: DealForm;
  /** Total amount in yuan, decimal string with ≤ 2 decimals. */
  amountYuan!: string;
  schedule!: InstallmentTerms[];
  ipOwnership!: string;
  benefitSharing!: string;
  /** ≤ 36 months for challenges, ≤ 24 for achievements (seed `004 §15`). */
  durationMonths!: number;
}

export class MessageDto {
  id!: string;
  negotiationId!: string;
  seq!: number;
  senderUserId!: string;
  senderName!: string;
  body!: string;
  retracted!: boolean;
  createdAt!: string;
  /** A file shared with the message (download: `GET /api/v1/negotiations/:id/attachments/:attachmentId/download`). */
  attachment?: { id: string; filename: string; contentType: string; sizeBytes: number } | null;
}

/** `POST /api/v1/negotiations/:id/attachments` → 201: the file sent to the room as a message. */
export class NegotiationAttachmentResultDto {
  message!: MessageDto;
}

export type OfferStatus = 'open' | 'accepted' | 'rejected' | 'superseded';

export class OfferDto {
  id!: string;
  negotiationId!: string;
  version!: number;
  side!: 'poster' | 'applicant';
  proposedByUserId!: string;
  terms!: OfferTerms & { amountFen: string };
  status!: OfferStatus;
  acceptedByPoster!: boolean;
  acceptedByApplicant!: boolean;
  reason!: string | null;
  createdAt!: string;
}

export class NegotiationDto {
  id!: string;
  applicationId!: string;
  listingId!: string;
  listingTitle!: string;
  kind!: 'challenge' | 'achievement';
  status!: NegotiationStatus;
  statusReason!: string | null;
  lastSeq!: number;
  posterOrgId!: string;
  applicantOrgId!: string;
  agreementDraftId!: string | null;
  /** The deal opened from the draft agreement (`GET /api/v1/deals/:id`), once there is one. */
  dealId?: string | null;
}

/** `GET /api/v1/my/negotiations`: a room I take part in (or broker), with my count of unread messages. */
export class MyNegotiationDto extends NegotiationDto {
  unread!: number;
}

/** The acknowledgement of every client→server event. */
export type Ack<T> =
  ({ ok: true } & T) | { ok: false; code: string; message: string; rule?: string; correlationId?: string };

export interface JoinPayload {
  negotiationId: string;
  /** The last sequence number the client already has (0 for none): everything after it is replayed, in order. */
  lastSeq: number;
}
export interface JoinResult {
  negotiation: NegotiationDto;
  messages: MessageDto[];
  offers: OfferDto[];
  online: string[];
  /** Display names of the online users. */
  names?: Record<string, string>;
}
export interface SendPayload {
  negotiationId: string;
  /** Client-generated UUID: a retry with the same key is stored once and acknowledged with the same id/seq. */
  idempotencyKey: string;
  body: string;
}
export interface SendResult {
  id: string;
  seq: number;
}
export interface ProposePayload {
  negotiationId: string;
  idempotencyKey: string;
  terms: OfferTerms;
}
export interface RespondPayload {
  negotiationId: string;
  offerId: string;
  action: 'accept' | 'reject';
  reason?: string;
}

/** Client → server events and their acknowledgements. */
export interface NegotiationClientEvents {
  'room:join': (p: JoinPayload, ack: (r: Ack<JoinResult>) => void) => void;
  'room:leave': (p: { negotiationId: string }, ack: (r: Ack<object>) => void) => void;
  'message:send': (p: SendPayload, ack: (r: Ack<SendResult>) => void) => void;
  'message:retract': (p: { negotiationId: string; messageId: string }, ack: (r: Ack<object>) => void) => void;
  'room:read': (p: { negotiationId: string; seq: number }, ack: (r: Ack<object>) => void) => void;
  'room:typing': (p: { negotiationId: string }) => void;
  'offer:propose': (p: ProposePayload, ack: (r: Ack<{ offer: OfferDto }>) => void) => void;
  'offer:respond': (
    p: RespondPayload,
    ack: (r: Ack<{ offer: OfferDto; agreementDraftId: string | null }>) => void,
  ) => void;
}

/** Server → client events. */
export interface NegotiationServerEvents {
  message: (m: MessageDto) => void;
  'message:retracted': (p: { negotiationId: string; id: string; seq: number }) => void;
  presence: (p: { negotiationId: string; online: string[]; names?: Record<string, string> }) => void;
  typing: (p: { negotiationId: string; userId: string }) => void;
  read: (p: { negotiationId: string; userId: string; seq: number }) => void;
  offer: (o: OfferDto) => void;
  'agreement:drafted': (p: { negotiationId: string; agreementDraftId: string; offerId: string }) => void;
  'room:status': (p: { negotiationId: string; status: NegotiationStatus; reason: string | null }) => void;
}

/** Largest message body, in characters. */
export const MAX_MESSAGE_CHARS = 4000;

/*
 * Payload classes for the gateway's own validation (global pipes do not reach gateways): each client→server
 * event is checked against these with class-validator before it is handled; a failure is acknowledged as
 * `{ ok: false, code: 'VALIDATION_FAILED' }`.
 */
export class JoinDto implements JoinPayload {
  @IsUUID() negotiationId!: string;
  @IsInt() @Min(0) lastSeq!: number;
}

export class RoomRefDto {
  @IsUUID() negotiationId!: string;
}

export class SendDto implements SendPayload {
  @IsUUID() negotiationId!: string;
  @IsUUID() idempotencyKey!: string;
  @IsString() @IsNotBlank(1) @MaxLength(MAX_MESSAGE_CHARS) body!: string;
}

export class RetractDto {
  @IsUUID() negotiationId!: string;
  @IsUUID() messageId!: string;
}

export class ReadDto {
  @IsUUID() negotiationId!: string;
  @IsInt() @Min(0) seq!: number;
}

export class InstallmentDto implements InstallmentTerms {
  @IsCalendarDate() dueDate!: string;
  @Matches(YUAN_PATTERN, { message: '分期金额应为元,最多两位小数' }) amountYuan!: string;
}

export class OfferTermsDto implements OfferTerms {
  @IsIn(DEAL_FORMS as unknown as string[]) dealForm!: DealForm;
  @Matches(YUAN_PATTERN, { message: '金额应为元,最多两位小数' }) amountYuan!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  schedule!: InstallmentDto[];
  @IsString() @IsNotBlank(1) @MaxLength(2000) ipOwnership!: string;
  @IsString() @IsNotBlank(1) @MaxLength(2000) benefitSharing!: string;
  @IsInt() @Min(1) @Max(120) durationMonths!: number;
}

export class ProposeDto implements ProposePayload {
  @IsUUID() negotiationId!: string;
  @IsUUID() idempotencyKey!: string;
  @IsDefined({ message: '请填写报价条款 terms' })
  @IsObject({ message: 'terms 应为对象' })
  @ValidateNested()
  @Type(() => OfferTermsDto)
  terms!: OfferTermsDto;
}

export class RespondDto implements RespondPayload {
  @IsUUID() negotiationId!: string;
  @IsUUID() offerId!: string;
  @IsIn(['accept', 'reject']) action!: 'accept' | 'reject';
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}
