import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ListingKind } from './enums';
import { IsNotBlank, IsPlainText } from './input-rules';

/**
 * Carriers on the board (issue 15 §8; RULEBOOK §7 "On the board"): a 技术创新中心's members and its two curated
 * lists (`003 §22`), a carrier's service capacity per field (counted in matching), and the project pool that
 * follows a project from concept validation to a pilot base and on to a 成果转化 listing (`001 §14`).
 */

/** The role of an organisation recorded on a carrier: 共建单位 (`003 §7`) or 成员单位. */
export enum CarrierMemberRole {
  CoBuilder = 'co_builder',
  Member = 'member',
}

/** The Chinese name of each member role. */
export const CARRIER_MEMBER_ROLE_LABEL: { readonly [R in CarrierMemberRole]: string } = {
  [CarrierMemberRole.CoBuilder]: '共建单位',
  [CarrierMemberRole.Member]: '成员单位',
};

/**
 * A centre's two lists (`003 §22`): 技术攻关清单 holds challenge listings, 成果转化清单 achievement listings — the
 * list's key is the listing kind it holds.
 */
export const CARRIER_LIST_LABEL: { readonly [K in ListingKind]: string } = {
  [ListingKind.Challenge]: '技术攻关清单',
  [ListingKind.Achievement]: '成果转化清单',
};

/** `POST /carriers/:id/members` (staff, `003 §30`: changes of co-builders are approved by the department). */
export class AddCarrierMemberDto {
  @IsUUID('4') orgId!: string;
  @IsEnum(CarrierMemberRole, { message: 'role 应为 co_builder(共建单位)或 member(成员单位)' })
  role!: CarrierMemberRole;
}

/** An organisation recorded on a carrier (the 依托单位 is listed first with role `host`). */
export class CarrierMemberDto {
  orgId!: string;
  orgName!: string;
  /** `host` (依托单位 / 牵头建设单位), `co_builder` or `member`. */
  role!: string;
  roleLabel!: string;
}

/** `GET /carriers/:id/members`. */
export class CarrierMemberListDto {
  items!: CarrierMemberDto[];
}

/** `POST /carriers/:id/lists/:list/items` (the centre's 依托单位 users): a member's published listing of the list's kind. */
export class AddCarrierListItemDto {
  @IsUUID('4') listingId!: string;
  /** Why the centre lists it (optional, plain text). */
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500) note?: string;
}

/** One listing on a centre's list. */
export class CarrierListItemDto {
  listingId!: string;
  title!: string;
  kind!: string;
  field!: string | null;
  posterOrgId!: string | null;
  posterName!: string;
  /** The listing's status (the public page shows published and closed listings). */
  status!: string;
  note!: string | null;
  addedAt!: string;
}

/** `GET /carriers/:id/lists`: the centre's 技术攻关清单 (`challenge`) and 成果转化清单 (`achievement`). */
export class CarrierListsDto {
  carrierId!: string;
  challenge!: CarrierListItemDto[];
  achievement!: CarrierListItemDto[];
}

/** One field's declared service capacity (e.g. 中试 lines and what they can do). */
export class CarrierCapacityItemDto {
  @IsEnum(Field, { message: 'field 不是已知的领域' }) field!: Field;
  /** 中试线 / 验证线 in service (0–999). */
  @Type(() => Number) @IsInt() @Min(0) @Max(999) pilotLines!: number;
  @IsString() @IsPlainText() @IsNotBlank(2, { message: '请描述服务能力' }) @MaxLength(1000) description!: string;
}

/** `PUT /carriers/:id/capacity` (the 依托单位's users, carrier 运行): the whole declaration, replacing the last. */
export class DeclareCarrierCapacityDto {
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CarrierCapacityItemDto)
  items!: CarrierCapacityItemDto[];
}

/** A declared capacity as read back. */
export class CarrierCapacityDto {
  field!: string;
  pilotLines!: number;
  description!: string;
  updatedAt!: string;
}

/** `GET /carriers/:id/capacity`. */
export class CarrierCapacityListDto {
  items!: CarrierCapacityDto[];
}

/**
 * A project in a carrier's project pool (`001 §8(五)`, `§9(五)`, `§14`): `in_pool` → `validated` (concept validation
 * passed) → `handover_pending` (offered to a pilot base) → `piloting` (accepted into the base's pool) → `posted`
 * (a 成果转化 listing of the base's 依托单位).
 */
export enum CarrierProjectStatus {
  InPool = 'in_pool',
  Validated = 'validated',
  HandoverPending = 'handover_pending',
  Piloting = 'piloting',
  Posted = 'posted',
}

/** The Chinese name of each project status. */
export const CARRIER_PROJECT_STATUS_LABEL: { readonly [S in CarrierProjectStatus]: string } = {
  [CarrierProjectStatus.InPool]: '在库',
  [CarrierProjectStatus.Validated]: '已通过概念验证',
  [CarrierProjectStatus.HandoverPending]: '待中试基地接收',
  [CarrierProjectStatus.Piloting]: '中试中',
  [CarrierProjectStatus.Posted]: '已发布成果转化榜单',
};

/** `POST /carriers/:id/projects` (the 依托单位's users): a project enters the carrier's pool. */
export class CreateCarrierProjectDto {
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(200) title!: string;
  @IsOptional() @IsEnum(Field, { message: 'field 不是已知的领域' }) field?: Field;
  @IsOptional() @IsString() @IsPlainText() @MaxLength(3000) summary?: string;
}

/** A step with a note: validation passed, a decline (`…/validate`, `…/decline`). */
export class CarrierProjectNoteDto {
  @IsString() @IsPlainText() @IsNotBlank(2, { message: '请填写说明' }) @MaxLength(2000) note!: string;
}

/** `POST /carriers/projects/:id/handover`: offer a validated project to a pilot base's pool. */
export class HandOverCarrierProjectDto {
  @IsUUID('4') toCarrierId!: string;
  @IsOptional() @IsString() @IsPlainText() @MaxLength(2000) note?: string;
}

/** `POST /carriers/projects/:id/listing`: the 成果转化 listing (of the holding base's 依托单位) the project became. */
export class LinkCarrierProjectListingDto {
  @IsUUID('4') listingId!: string;
}

/** One event of a project's history (its own table, also in the audit log). */
export class CarrierProjectEventDto {
  at!: string;
  /** `added`, `validated`, `handover_offered`, `handover_declined`, `handover_accepted`, `listing_posted`. */
  action!: string;
  actionLabel!: string;
  carrierId!: string;
  carrierName!: string;
  carrierKind!: string;
  carrierKindLabel!: string;
  note!: string | null;
}

/** A project of a pool with its history. */
export class CarrierProjectDto {
  id!: string;
  title!: string;
  field!: string | null;
  summary!: string | null;
  status!: string;
  statusLabel!: string;
  /** The carrier whose pool holds it now. */
  carrierId!: string;
  carrierName!: string;
  /** The pool it entered first. */
  originCarrierId!: string;
  /** The pilot base it is offered to while `handover_pending`. */
  targetCarrierId!: string | null;
  listingId!: string | null;
  history!: CarrierProjectEventDto[];
}

/** `GET /carriers/:id/projects`: the pool (held projects and, for a pilot base, offers awaiting its answer). */
export class CarrierProjectListDto {
  items!: CarrierProjectDto[];
  incoming!: CarrierProjectDto[];
}

/** Query of `GET /carriers/:id/projects`. */
export class CarrierProjectQueryDto {
  @IsOptional() @IsIn(Object.values(CarrierProjectStatus)) status?: CarrierProjectStatus;
}

/** One stage of a listing's origin: the carrier and what happened there. */
export class ListingOriginStageDto {
  carrierId!: string;
  carrierName!: string;
  carrierKind!: string;
  /** e.g. 概念验证, 中试. */
  stageLabel!: string;
  at!: string;
}

/**
 * `GET /carriers/listing-origin/:listingId` (public for a published listing): where the 成果转化 listing came from,
 * e.g. `来源:概念验证 at X → 中试 at Y` (`001 §14`); 404 when the listing came from no carrier project.
 */
export class ListingOriginDto {
  listingId!: string;
  projectId!: string;
  projectTitle!: string;
  stages!: ListingOriginStageDto[];
  /** The stages in one line: `概念验证:X → 中试:Y`. */
  text!: string;
  history!: CarrierProjectEventDto[];
}
