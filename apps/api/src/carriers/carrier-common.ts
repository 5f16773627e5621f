import { HttpStatus } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  AUTHORITIES,
  CARRIER_KIND_LABEL,
  CARRIER_STATUS_LABEL,
  CarrierKind,
  CarrierStatus,
  findAuthority,
  inAuthority,
  IntlCoopBaseType,
  type CarrierDto,
  type CarrierRuleSet,
  type CarrierThresholdResultDto,
  type ErrorCode,
} from '@jiebang/contracts';
import { applicableThresholds, checkCarrierThresholds, type DeclaredValue } from '@jiebang/policy';
import { DomainError, NotFoundError } from '../common/domain-error';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { CarrierApplicationEntity, CarrierEntity, CarrierRuleSetEntity } from './carrier.entity';

/** A refusal with a code, the rule broken and optional details (422 unless told). */
export function refuse(
  code: ErrorCode,
  message: string,
  rule?: string,
  status: HttpStatus = HttpStatus.UNPROCESSABLE_ENTITY,
  details?: unknown,
): DomainError {
  return new DomainError(status, code, message, rule, details);
}

/** 409 `ILLEGAL_TRANSITION`: the application's status does not allow `what`. */
export function illegal(status: string, what: string, rule?: string): DomainError {
  return refuse('ILLEGAL_TRANSITION', `当前状态(${status})不能${what}`, rule, HttpStatus.CONFLICT);
}

/** The rule set stored under `id` (`key@version`) as data. @throws NotFoundError */
export async function loadRuleSet(em: EntityManager, id: string): Promise<CarrierRuleSet> {
  const row = await em.getRepository(CarrierRuleSetEntity).findOne({ where: { id } });
  if (!row) throw new NotFoundError('规则集', id);
  return row.data as unknown as CarrierRuleSet;
}

/** The stored id of a rule set: `key@version`. */
export function ruleSetId(rules: Pick<CarrierRuleSet, 'id' | 'version'>): string {
  return `${rules.id}@${rules.version}`;
}

/**
 * The 归口管理部门 of an organisation in `regionCode`: the region authority (盟市 科技局, 满洲里, 二连浩特) covering
 * it (`000` 四.2), or null outside Inner Mongolia's authorities.
 */
export function regionAuthority(regionCode: string | null): string | null {
  if (!regionCode) return null;
  return AUTHORITIES.find((a) => a.kind === 'region' && inAuthority(regionCode, a.code))?.code ?? null;
}

/**
 * The 归口管理部门 of an application (`000` 四.1–2: 盟市科技局 … 自治区有关部门 审核推荐; `002` 二(一)): none for a direct
 * application; else the one the applicant names — a 自治区部门 (`dept.*`) or the 盟市 of its own region — and, when it
 * names none, its region's (`regionAuthority`).
 * @throws 422 `CARRIER_AUTHORITY_NOT_ALLOWED` for a 盟市 other than its region's.
 */
export function applicationAuthority(regionCode: string | null, direct: boolean, named?: string | null): string | null {
  if (direct) return null;
  const own = regionAuthority(regionCode);
  if (!named) return own;
  const a = findAuthority(named);
  if (a && (a.kind === 'department' || named === own)) return named;
  throw refuse(
    'CARRIER_AUTHORITY_NOT_ALLOWED',
    `${a?.name ?? named}不是本单位所在盟市的归口管理部门,请选择${findAuthority(own)?.name ?? '所在盟市科技局'}或自治区有关部门`,
    '000 四.1; 002 二(一)',
  );
}

/** The plate name (授牌名称) of a carrier: "内蒙古自治区" + the platform name + the kind's suffix when missing. */
export function plateName(platformName: string, kind: string): string {
  const suffix: Record<string, string> = {
    [CarrierKind.ConceptValidation]: '概念验证中心',
    [CarrierKind.PilotBase]: '中试基地',
    [CarrierKind.PilotPlatform]: '中试公共服务平台',
    [CarrierKind.IntlCoopBase]: '国际科技合作基地',
    [CarrierKind.InnovationCenter]: '技术创新中心',
  };
  const base = platformName.trim().replace(/^内蒙古自治区/, '');
  const end = suffix[kind] ?? '';
  return `内蒙古自治区${end && !base.endsWith(end) ? `${base}${end}` : base}`;
}

/**
 * The thresholds of `rules` that apply to the application's kind (and 国合基地 type), each with the declared figure,
 * met or missed (`checkCarrierThresholds` of `@jiebang/policy`; RULEBOOK §7 "Thresholds": a miss is a reason on the
 * formal review, never a silent refusal). The declared figures are the form's keys; `integrityPledge` is the signed
 * pledge.
 */
export function thresholdResults(
  rules: CarrierRuleSet,
  app: Pick<CarrierApplicationEntity, 'kind' | 'intlBaseType' | 'form' | 'integrityPledgeAt'>,
): CarrierThresholdResultDto[] {
  const declared: Record<string, DeclaredValue> = {};
  for (const [k, v] of Object.entries(app.form ?? {}))
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') declared[k] = v;
  declared.integrityPledge = !!app.integrityPledgeAt;
  return checkCarrierThresholds(rules, app.kind as CarrierKind, declared, {
    intlCoopType: (app.intlBaseType as IntlCoopBaseType | null) ?? null,
  }).map((c) => ({
    key: c.key,
    label: c.label,
    required: c.required,
    declared: c.declared,
    met: c.met,
    anyOf: c.anyOf,
    groupMet: c.groupMet,
    evidence: c.evidence,
    rule: c.rule,
  }));
}

/**
 * What a submission still lacks (issue 15 §2 "incomplete submission lists what is missing"): every applicable
 * threshold's figure (`applicableThresholds`; for an `anyOf` group, one of them; for a ratio, both its parts),
 * each required evidence of the kind, the fields (`form.fields`) and the integrity pledge. With `attached` (the
 * evidence keys that have an uploaded file, `carrier_evidence_file`) an evidence item counts only with a file;
 * without it the old free-text reference `form.evidence[key]` counts (callers that have no files).
 */
export function missingItems(
  rules: CarrierRuleSet,
  app: Pick<CarrierApplicationEntity, 'kind' | 'intlBaseType' | 'form'>,
  pledged: boolean,
  attached?: ReadonlySet<string>,
): { key: string; label: string }[] {
  const form = app.form as Record<string, unknown>;
  const missing: { key: string; label: string }[] = [];
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  const groups = new Map<string, { labels: string[]; any: boolean }>();
  const thresholds = applicableThresholds(
    rules,
    app.kind as CarrierKind,
    (app.intlBaseType as IntlCoopBaseType | null) ?? null,
  );
  for (const t of thresholds) {
    if (t.key === 'integrityPledge') continue;
    const keys = t.unit === 'ratio' && t.ratioOf ? [t.ratioOf.part, t.ratioOf.whole] : [t.key];
    const given = keys.every((k) => present(form[k]));
    if (t.anyOf) {
      const g = groups.get(t.anyOf) ?? { labels: [], any: false };
      g.labels.push(t.label);
      g.any = g.any || given;
      groups.set(t.anyOf, g);
    } else if (!given) missing.push({ key: keys.join('/'), label: t.label });
  }
  for (const [key, g] of groups) if (!g.any) missing.push({ key, label: `以下之一:${g.labels.join(';')}` });
  const evidence = (form.evidence ?? {}) as Record<string, unknown>;
  for (const e of requiredEvidenceOf(rules, app.kind)) {
    const given = attached ? attached.has(e.key) : present(evidence[e.key]);
    if (!given) missing.push({ key: `evidence.${e.key}`, label: `证明材料:${e.label}` });
  }
  if (!Array.isArray(form.fields) || !form.fields.length) missing.push({ key: 'fields', label: '所属领域' });
  if (!pledged) missing.push({ key: 'integrityPledge', label: '诚信承诺书(须勾选承诺)' });
  return missing;
}

/**
 * The evidence items the application's kind must attach (`rules.requiredEvidence`, `000` 三, `001 §10(一)`): one per
 * key, the kind's own label where the rule set names one per kind; the integrity pledge (signed on submission) left
 * out.
 */
export function requiredEvidenceOf(rules: CarrierRuleSet, kind: string): CarrierRuleSet['requiredEvidence'] {
  const seen = new Set<string>();
  return rules.requiredEvidence.filter((e) => {
    if (e.kinds && !e.kinds.includes(kind as CarrierKind)) return false;
    if (e.key === 'integrityPledge' || seen.has(e.key)) return false;
    seen.add(e.key);
    return true;
  });
}

/** A registry entry as the public sees it. */
export function toCarrierDto(c: CarrierEntity, hostOrgName: string): CarrierDto {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: CARRIER_KIND_LABEL[c.kind as CarrierKind] ?? c.kind,
    intlBaseType: c.intlBaseType,
    hostOrgId: c.hostOrgId,
    hostOrgName,
    name: c.name,
    plateName: c.plateName,
    documentNo: c.documentNo,
    publishedOn: c.publishedOn,
    status: c.status,
    statusLabel: CARRIER_STATUS_LABEL[c.status as CarrierStatus] ?? c.status,
    regionCode: c.regionCode,
    fields: c.fields,
    attached: c.attached,
    revokedOn: c.revokedOn,
    revocationGround: c.revocationGround,
    reapplyBarUntil: c.reapplyBarUntil,
  };
}

/**
 * Recomputes `organization.carrier_kinds` of `orgId` from the registry (carriers not revoked): the only source of
 * an organisation's carrier type on the board (RULEBOOK §7 "On the board").
 */
export async function syncOrgCarrierKinds(em: EntityManager, orgId: string): Promise<void> {
  await em.query(
    `UPDATE organization SET carrier_kinds = COALESCE((
       SELECT array_agg(DISTINCT kind ORDER BY kind) FROM carrier WHERE host_org_id = $1 AND status <> 'revoked'
     ), '{}'), updated_at = now() WHERE id = $1`,
    [orgId],
  );
}

/**
 * After a commit that changed an organisation's carrier kinds: reindexes the organisation and its published
 * listings, so the board shows (or stops showing) the registry's type (issue 15 §5, §8).
 */
export async function reindexHost(em: EntityManager, indexer: ListingIndexerService, orgId: string): Promise<void> {
  await indexer.enqueueIndexOrganization(orgId);
  const listings: { id: string }[] = await em.query(
    `SELECT id FROM listing WHERE poster_org_id = $1 AND status = 'published'`,
    [orgId],
  );
  // A fresh job id (the listing itself did not change, its poster did).
  const now = new Date();
  for (const l of listings) await indexer.enqueueIndex({ id: l.id, updatedAt: now });
}

/** The names of organisations by id (ids may repeat; unknown ids are absent from the map). One query. */
export async function orgNames(em: EntityManager, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await em
    .getRepository(OrganizationEntity)
    .find({ where: { id: In([...new Set(ids)]) }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}
