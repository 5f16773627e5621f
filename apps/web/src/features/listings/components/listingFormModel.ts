/**
 * The model of the posting form (征集表, seed `004` annex 1; 技术攻关类 demand block of `004 §9(一)`): its values,
 * the DTO it saves, the values of a saved listing, who may edit in which
 * status, where server validation errors go, and what each section still lacks. No React here.
 */
import {
  AchievementType,
  Field,
  fenToWan,
  IpType,
  ListingKind,
  ListingStatus,
  ResultType,
  wanToFen,
  type ChallengeDemandDto,
  type CooperationForm,
  type ListingFormDto,
} from '@jiebang/contracts';
import type { FormInstance } from 'antd';
import type { ApiError } from '../../../api/errors';
import { hasChinese, pathKey, validationFieldErrors, type FieldPath } from '../../../shared/lib/apiErrors';
import {
  DEMAND_FIELDS,
  LISTING_FIELD_LABELS,
  listingFieldLabel,
  outcomeSectionTitle,
  type ListingField,
} from '../lib/fieldLabels';
import { listingDemand, type ListingDetailDto } from '../lib/listingDto';

export { LISTING_FIELD_LABELS, listingFieldLabel } from '../lib/fieldLabels';

/** Pause after the last change before it is saved. */
export const AUTOSAVE_DELAY_MS = 1500;
/** Shortest name the API accepts (a draft is only created once the name is this long). */
export const MIN_TITLE = 4;
/** Most key technologies of a challenge. */
export const MAX_KEY_TECHNOLOGIES = 20;
/** A 万元 amount as typed: up to 12 integer digits and 6 decimals. */
export const WAN = /^\d{1,12}(\.\d{1,6})?$/;

/** One key technology row as typed. */
export interface KeyTechValues {
  name?: string;
  targetIndicator?: string;
}

/** The form's values (the attestation is not sent with the form). */
export interface ListingFormValues {
  title?: string;
  field?: Field;
  regionCode?: string;
  resultType?: ResultType;
  achievementType?: AchievementType;
  hasOwnIp?: boolean;
  ipTypes?: IpType[];
  summary?: string;
  team?: string;
  suggestedTimeLimit?: string;
  totalInvestmentWan?: string;
  /** Listing terms (issue 16 item 16): 榜额 / 意向转让价格 in 万元, 揭榜截止, 合作方式, contact. */
  offerAmountWan?: string;
  applyDeadline?: string;
  cooperationForms?: CooperationForm[];
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  demand?: Omit<ChallengeDemandDto, 'keyTechnologies'> & { keyTechnologies?: KeyTechValues[] };
  attest?: boolean;
}

/** A contact phone the API accepts (digits, spaces, +, -, brackets; 5–30). */
export const CONTACT_PHONE = /^[0-9+\-() ]{5,30}$/;
/** A plausible e-mail address (the API checks it fully). */
export const CONTACT_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** `YYYY-MM-DD`. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A trimmed text matching `pattern`, `''` to clear, or `undefined` (left out) when malformed. */
function matching(value: string | undefined, pattern: RegExp): string | undefined {
  const v = value?.trim();
  if (v === undefined) return undefined;
  return v === '' || pattern.test(v) ? v : undefined;
}

/** Paths of the form's own fields (server errors on them are shown on the field; list rows are checked apart). */
const FORM_PATHS = new Set<string>([
  'title',
  'field',
  'regionCode',
  'resultType',
  'achievementType',
  'hasOwnIp',
  'ipTypes',
  'summary',
  'team',
  'suggestedTimeLimit',
  'totalInvestmentWan',
  'offerAmountWan',
  'applyDeadline',
  'cooperationForms',
  'contactName',
  'contactPhone',
  'contactEmail',
  ...DEMAND_FIELDS,
]);

/** Trims an optional text, keeping `''` (a cleared field is saved as empty). */
function text(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.trim();
}

/** 万元 normalised exactly (`"012.50"` → `"12.5"`), or `undefined` when not a valid amount. */
export function normaliseWan(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v || !WAN.test(v)) return undefined;
  return fenToWan(wanToFen(v));
}

/**
 * The PATCH / POST body of the form's current values. Values the API would refuse as a whole (a name
 * shorter than 4, a malformed amount, a half-filled key technology) are left out so that the rest still
 * saves; the field itself shows what to fix.
 */
export function toListingFormDto(values: ListingFormValues, kind: ListingKind): ListingFormDto {
  const title = values.title?.trim();
  const dto: ListingFormDto = {
    title: title && title.length >= MIN_TITLE ? title : undefined,
    field: values.field,
    regionCode: values.regionCode,
    resultType: values.resultType,
    achievementType: values.achievementType,
    hasOwnIp: values.hasOwnIp,
    ipTypes: values.ipTypes,
    summary: text(values.summary),
    team: text(values.team),
    suggestedTimeLimit: text(values.suggestedTimeLimit),
    totalInvestmentWan: normaliseWan(values.totalInvestmentWan),
    offerAmountWan: normaliseWan(values.offerAmountWan),
    applyDeadline: values.applyDeadline && DATE.test(values.applyDeadline) ? values.applyDeadline : undefined,
    cooperationForms: values.cooperationForms,
    contactName: text(values.contactName)?.slice(0, 50),
    contactPhone: matching(values.contactPhone, CONTACT_PHONE),
    contactEmail: matching(values.contactEmail, CONTACT_EMAIL),
  };
  if (kind === ListingKind.Challenge && values.demand) {
    const d = values.demand;
    dto.demand = {
      background: text(d.background),
      content: text(d.content),
      keyTechnologies: (d.keyTechnologies ?? [])
        .map((k) => ({ name: k?.name?.trim() ?? '', targetIndicator: k?.targetIndicator?.trim() ?? '' }))
        .filter((k) => k.name.length >= 2 && k.targetIndicator.length >= 2),
      resultForm: text(d.resultForm),
      takerRequirements: text(d.takerRequirements),
      ipOwnership: text(d.ipOwnership),
      benefitSharing: text(d.benefitSharing),
    };
  }
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as ListingFormDto;
}

/** The form values of a saved listing. */
export function listingToValues(l: ListingDetailDto): ListingFormValues {
  const demand = listingDemand(l);
  const keyTechnologies = demand?.keyTechnologies?.length ? demand.keyTechnologies.map((k) => ({ ...k })) : [{}];
  return {
    title: l.title ?? undefined,
    field: l.field ?? undefined,
    regionCode: l.regionCode ?? undefined,
    resultType: l.resultType ?? undefined,
    achievementType: l.achievementType ?? undefined,
    hasOwnIp: l.hasOwnIp ?? undefined,
    ipTypes: l.ipTypes ?? [],
    summary: l.summary ?? undefined,
    team: l.team ?? undefined,
    suggestedTimeLimit: l.suggestedTimeLimit ?? undefined,
    totalInvestmentWan: l.totalInvestmentFen ? fenToWan(l.totalInvestmentFen) : undefined,
    offerAmountWan: l.offerAmountFen ? fenToWan(l.offerAmountFen) : undefined,
    applyDeadline: l.applyDeadline ?? undefined,
    cooperationForms: l.cooperationForms ?? [],
    contactName: l.contact?.name ?? undefined,
    contactPhone: l.contact?.phone ?? undefined,
    contactEmail: l.contact?.email ?? undefined,
    demand: { ...(demand ?? {}), keyTechnologies },
  };
}

/** Who edits: the posting organisation's user, or staff fixing the final text of a passed listing. */
export type ListingFormMode = 'poster' | 'staff';

/** Statuses in which `mode` may edit. */
export function editableIn(mode: ListingFormMode, status: ListingStatus | undefined): boolean {
  if (status === undefined) return mode === 'poster';
  if (mode === 'staff') return status === ListingStatus.Passed;
  return status === ListingStatus.Draft || status === ListingStatus.Rejected || status === ListingStatus.Passed;
}

/** Autosave state shown in the card header. */
export type SaveState =
  | { state: 'idle' }
  | { state: 'needTitle' }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; at: Date }
  | { state: 'error'; message: string };

/** Puts server validation errors on the form; returns the problems for the summary alert. */
export function applyFieldErrors(form: FormInstance<ListingFormValues>, err: ApiError): string[] {
  const entries = validationFieldErrors(err);
  const onForm: { name: FieldPath; errors: string[] }[] = [];
  const problems: string[] = [];
  for (const e of entries) {
    const path = e.name[0] === 'totalInvestmentFen' ? ['totalInvestmentWan'] : e.name;
    const label = listingFieldLabel(path);
    const errors = e.errors.map((m) => (hasChinese(m) ? m : `请填写“${label}”`));
    const isRow = path[0] === 'demand' && path[1] === 'keyTechnologies' && typeof path[2] === 'number';
    if (FORM_PATHS.has(pathKey(path)) || isRow) onForm.push({ name: path, errors });
    problems.push(`${label}：${errors.join('；')}`);
  }
  if (onForm.length) {
    form.setFields(onForm as Parameters<typeof form.setFields>[0]);
    form.scrollToField(onForm[0].name, { block: 'center' });
  }
  if (!entries.length) problems.push(hasChinese(err.message) ? err.message : '征集表填写不完整，请补充后再提交');
  return problems;
}

/** A section of the form, in order: its anchor id, its title and the fields it holds. */
export interface ListingFormSection {
  key: 'basic' | 'outcome' | 'demand' | 'attachments' | 'submit';
  title: string;
  /** Fields still empty (Chinese labels); an empty list when the section is complete. */
  missing: string[];
}

/** True when a text is filled in (white space does not count). */
function filled(value: string | undefined | null): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * The sections of the form with what each still lacks, for the progress steps above the form: 基本信息 (name of
 * at least 4 characters, field, region), 成果情况 / 技术与成果要求 (the annex-1 items of seed `004`), for a
 * 技术攻关类 the 需求信息 of `004 §9(一)` (at least one complete key technology), 附件 (needs a saved draft) and,
 * when the form can be submitted, the 不涉密 attestation. Pure: reads `values` only.
 */
export function listingFormSections(
  values: ListingFormValues,
  kind: ListingKind,
  opts: { hasDraft: boolean; canSubmit: boolean },
): ListingFormSection[] {
  const lack = (checks: [ListingField, boolean][]) =>
    checks.filter(([, ok]) => !ok).map(([key]) => LISTING_FIELD_LABELS[key]);
  const sections: ListingFormSection[] = [
    {
      key: 'basic',
      title: '基本信息',
      missing: lack([
        ['title', (values.title?.trim().length ?? 0) >= MIN_TITLE],
        ['field', !!values.field],
        ['regionCode', !!values.regionCode],
      ]),
    },
    {
      key: 'outcome',
      title: outcomeSectionTitle(kind),
      missing: lack([
        ['resultType', !!values.resultType],
        ['hasOwnIp', typeof values.hasOwnIp === 'boolean'],
        ['achievementType', !!values.achievementType],
        ['ipTypes', (values.ipTypes?.length ?? 0) > 0],
        ['summary', filled(values.summary)],
        ['team', filled(values.team)],
        ['suggestedTimeLimit', filled(values.suggestedTimeLimit)],
        ['totalInvestmentWan', normaliseWan(values.totalInvestmentWan) !== undefined],
      ]),
    },
  ];
  if (kind === ListingKind.Challenge) {
    const d = values.demand ?? {};
    const keyTech = (d.keyTechnologies ?? []).some(
      (k) => (k?.name?.trim().length ?? 0) >= 2 && (k?.targetIndicator?.trim().length ?? 0) >= 2,
    );
    sections.push({
      key: 'demand',
      title: LISTING_FIELD_LABELS.demand,
      missing: lack([
        ['demand.background', filled(d.background)],
        ['demand.content', filled(d.content)],
        ['demand.keyTechnologies', keyTech],
        ['demand.resultForm', filled(d.resultForm)],
        ['demand.takerRequirements', filled(d.takerRequirements)],
        ['demand.ipOwnership', filled(d.ipOwnership)],
        ['demand.benefitSharing', filled(d.benefitSharing)],
      ]),
    });
  }
  sections.push({ key: 'attachments', title: '附件', missing: opts.hasDraft ? [] : ['草稿(填写名称后自动保存)'] });
  if (opts.canSubmit)
    sections.push({
      key: 'submit',
      title: '提交',
      missing: values.attest ? [] : [LISTING_FIELD_LABELS.attestPublishable],
    });
  return sections;
}
