/**
 * The posting form (征集表, seed `004` annex 1; for 技术攻关类 also the demand block of `004 §9(一)`).
 * Autosave: the draft is created (`POST /listings`) on the first change once the name is long enough, then
 * every change is saved (`PATCH /listings/:id`) after a 1.5 s pause; the header says 已自动保存 hh:mm:ss.
 * Submission needs the 不涉密 attestation and a confirmation; `FORM_INCOMPLETE` / `VALIDATION_FAILED` details
 * are put on the fields they concern, posting refusals (422) are shown in an alert. Once the draft exists, the
 * 附件 section uploads and deletes attachments (知识产权证明, 支撑材料) while the listing is editable.
 */
import {
  CheckCircleOutlined,
  CloudSyncOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  ACHIEVEMENT_TYPE_LABELS,
  AchievementType,
  FIELD_LABELS,
  Field,
  fenToWan,
  IP_TYPE_LABELS,
  IpType,
  LISTING_KIND_LABELS,
  LISTING_STATUS_LABELS,
  ListingKind,
  ListingStatus,
  RESULT_TYPE_LABELS,
  ResultType,
  wanToFen,
  type ChallengeDemandDto,
  type ListingFormDto,
} from '@jiebang/contracts';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  Radio,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  type FormInstance,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  ApiError,
  createListing,
  getOrganization,
  getPipelineListing,
  reviseListing,
  submitListing,
  updateListing,
  type PipelineListing,
} from '../../../api/client';
import { useAuth } from '../../../auth/useAuth';
import { useApi } from '../../../shared/hooks/useApi';
import { hasChinese, pathKey, validationFieldErrors, type FieldPath } from '../../../shared/lib/apiErrors';
import {
  isPostingBlock,
  LISTING_REGION_OPTIONS,
  postingBlocks,
  workflowError,
  type PostingBlock,
} from '../../../shared/lib/pipeline';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { AttachmentEditor } from './Attachments';

/** Pause after the last change before it is saved. */
export const AUTOSAVE_DELAY_MS = 1500;
/** Shortest name the API accepts (a draft is only created once the name is this long). */
const MIN_TITLE = 4;
/** Most key technologies of a challenge. */
const MAX_KEY_TECHNOLOGIES = 20;
const WAN = /^\d{1,12}(\.\d{1,6})?$/;

/** One key technology row as typed. */
interface KeyTechValues {
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
  demand?: Omit<ChallengeDemandDto, 'keyTechnologies'> & { keyTechnologies?: KeyTechValues[] };
  attest?: boolean;
}

/** Chinese names of the form's fields, by dotted path (for the summary of what is missing). */
export const LISTING_FIELD_LABELS: Record<string, string> = {
  kind: '榜单类型',
  title: '名称',
  field: '聚焦领域',
  regionCode: '所在地区',
  resultType: '成果类型',
  achievementType: '成果形态',
  hasOwnIp: '是否拥有自主知识产权',
  ipTypes: '知识产权类型',
  summary: '拟转化科技成果情况',
  team: '技术团队情况',
  suggestedTimeLimit: '建议实施时限',
  totalInvestmentWan: '项目预计总投入',
  totalInvestmentFen: '项目预计总投入',
  demand: '需求信息',
  'demand.background': '需求背景',
  'demand.content': '需求内容',
  'demand.keyTechnologies': '关键技术及指标',
  'demand.resultForm': '成果形式',
  'demand.takerRequirements': '揭榜方要求',
  'demand.ipOwnership': '知识产权归属',
  'demand.benefitSharing': '收益分配',
  attestPublishable: '内容不涉密承诺',
};

/** Form paths that exist on the form (list rows are checked separately). */
const FORM_PATHS = new Set(Object.keys(LISTING_FIELD_LABELS).filter((k) => k !== 'kind' && k !== 'demand'));

/** Label of a property path such as `demand.keyTechnologies.0.name`. */
export function listingFieldLabel(path: FieldPath): string {
  const [head, second, index, leaf] = path;
  if (head === 'demand' && second === 'keyTechnologies' && typeof index === 'number') {
    return `关键技术第${index + 1}项的${leaf === 'targetIndicator' ? '目标指标' : '名称'}`;
  }
  return LISTING_FIELD_LABELS[pathKey(path)] ?? pathKey(path);
}

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
export function listingToValues(l: PipelineListing): ListingFormValues {
  const keyTechnologies = l.demand?.keyTechnologies?.length ? l.demand.keyTechnologies.map((k) => ({ ...k })) : [{}];
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
    demand: { ...(l.demand ?? {}), keyTechnologies },
  };
}

/** Who edits: the posting organisation's user, or staff fixing the final text of a passed listing. */
export type ListingFormMode = 'poster' | 'staff';

/** Statuses in which `mode` may edit. */
function editableIn(mode: ListingFormMode, status: ListingStatus | undefined): boolean {
  if (status === undefined) return mode === 'poster';
  if (mode === 'staff') return status === ListingStatus.Passed;
  return status === ListingStatus.Draft || status === ListingStatus.Rejected || status === ListingStatus.Passed;
}

/** Autosave state shown in the card header. */
type SaveState =
  | { state: 'idle' }
  | { state: 'needTitle' }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; at: Date }
  | { state: 'error'; message: string };

/** The 已自动保存 indicator. */
function SaveIndicator({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  let content: ReactNode = <span className="muted">修改后自动保存</span>;
  if (save.state === 'needTitle') content = <span className="muted">填写名称(至少{MIN_TITLE}个字)后自动保存草稿</span>;
  if (save.state === 'pending') content = <span className="muted">有未保存的修改…</span>;
  if (save.state === 'saving')
    content = (
      <span className="muted">
        <CloudSyncOutlined /> 正在保存…
      </span>
    );
  if (save.state === 'saved')
    content = (
      <span className="autosave-ok">
        <CheckCircleOutlined /> 已自动保存 {dayjs(save.at).format('HH:mm:ss')}
      </span>
    );
  if (save.state === 'error')
    content = (
      <span className="autosave-error">
        <ExclamationCircleOutlined /> 自动保存失败：{save.message}
        <Button type="link" size="small" onClick={onRetry}>
          重试
        </Button>
      </span>
    );
  return (
    <span className="autosave-status" data-testid="autosave-status" data-state={save.state} aria-live="polite">
      {content}
    </span>
  );
}

/** The alert of a posting refusal (422 `ORG_NOT_VERIFIED`, `POSTER_NOT_ELIGIBLE`, `CREDIT_BLACKLISTED`). */
function PostingBlockedAlert({ blocks }: { blocks: PostingBlock[] }) {
  return (
    <Alert
      type="error"
      showIcon
      className="form-alert"
      title="本单位暂不能发布该类榜单"
      data-testid="posting-blocked"
      description={
        <ul className="plain-list">
          {blocks.map((b, i) => (
            <li key={`${b.code}:${i}`} data-testid="posting-block">
              <Tag color="red">{b.code}</Tag>
              {b.rule ? <Tag>依据 {b.rule}</Tag> : null}
              {b.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Props of `ListingForm`. */
export interface ListingFormProps {
  /** The listing to edit; a new draft when absent. */
  listingId?: string;
  mode?: ListingFormMode;
  /** Called once the first autosave created the draft. */
  onCreated?: (listing: PipelineListing) => void;
  /** Called after a successful submission. */
  onSubmitted?: (listing: PipelineListing) => void;
  /** Where 返回 leads (a link next to the buttons). */
  backTo?: string;
}

/** The posting form: loads the listing when editing, then shows the form. */
export function ListingForm({ listingId, mode = 'poster', onCreated, onSubmitted, backTo }: ListingFormProps) {
  if (!listingId)
    return <ListingFormBody mode={mode} onCreated={onCreated} onSubmitted={onSubmitted} backTo={backTo} />;
  return <ExistingListingForm listingId={listingId} mode={mode} onSubmitted={onSubmitted} backTo={backTo} />;
}

/** Loads a listing, then shows its form. */
function ExistingListingForm({ listingId, mode, onSubmitted, backTo }: ListingFormProps & { listingId: string }) {
  const { data, error, loading, retry } = useApi(`listing-form:${listingId}`, (signal) =>
    getPipelineListing(listingId, signal),
  );
  if (error) {
    return (
      <Card className="listing-form-card">
        <ApiErrorView error={error} onRetry={retry} title="榜单加载失败" />
      </Card>
    );
  }
  if (loading || !data) {
    return (
      <Card className="listing-form-card" data-testid="listing-form-loading">
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );
  }
  return (
    <ListingFormBody key={data.id} initial={data} mode={mode ?? 'poster'} onSubmitted={onSubmitted} backTo={backTo} />
  );
}

/** Props of the form body. */
interface BodyProps {
  initial?: PipelineListing;
  mode: ListingFormMode;
  onCreated?: (listing: PipelineListing) => void;
  onSubmitted?: (listing: PipelineListing) => void;
  backTo?: string;
}

/** Puts server validation errors on the form; returns the problems for the summary alert. */
function applyFieldErrors(form: FormInstance<ListingFormValues>, err: ApiError): string[] {
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

/** The form itself. */
function ListingFormBody({ initial, mode, onCreated, onSubmitted, backTo }: BodyProps) {
  const { user } = useAuth();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ListingFormValues>();
  const [listing, setListing] = useState<PipelineListing | undefined>(initial);
  const [kind, setKind] = useState<ListingKind>(initial?.kind ?? ListingKind.Achievement);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const [blocked, setBlocked] = useState<PostingBlock[]>();
  const [stopMessage, setStopMessage] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [action, setAction] = useState<ActionConfig>();
  const [uploading, setUploading] = useState(0);

  const status = listing?.status;
  const editable = editableIn(mode, status);
  const canSubmit =
    mode === 'poster' && (status === undefined || status === ListingStatus.Draft || status === ListingStatus.Rejected);

  // Autosave machinery: refs, so that timers and unmount see the latest state.
  const listingRef = useRef(listing);
  const kindRef = useRef(kind);
  kindRef.current = kind;
  const dirty = useRef(false);
  const stopped = useRef(false);
  const inflight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);

  const saveNow = async (): Promise<boolean> => {
    clearTimeout(timer.current);
    while (inflight.current) await inflight.current;
    if (stopped.current) return false;
    if (!dirty.current) return !!listingRef.current;
    const dto = toListingFormDto(form.getFieldsValue(true) as ListingFormValues, kindRef.current);
    const existing = listingRef.current;
    if (!existing && !dto.title) {
      if (mounted.current) setSave({ state: 'needTitle' });
      return false;
    }
    dirty.current = false;
    if (mounted.current) setSave({ state: 'saving' });
    const run = (async () => {
      try {
        const saved = existing
          ? await updateListing(existing.id, dto)
          : await createListing({ kind: kindRef.current, ...dto, title: dto.title ?? '' });
        listingRef.current = saved;
        if (mounted.current) {
          setListing(saved);
          setSave({ state: 'saved', at: new Date() });
          setBlocked(undefined);
        }
        if (!existing) onCreated?.(saved);
        return true;
      } catch (err) {
        dirty.current = true;
        if (!mounted.current) return false;
        if (isPostingBlock(err)) {
          stopped.current = true;
          setBlocked(postingBlocks(err));
          setSave({ state: 'error', message: '本单位暂不能发布该类榜单' });
        } else if (err instanceof ApiError && err.status === 409) {
          stopped.current = true;
          const text = workflowError(err);
          setStopMessage(
            err.code === 'ILLEGAL_TRANSITION' ? `榜单当前状态不可编辑，修改未保存。${text}` : `${text}；修改未保存。`,
          );
          setSave({ state: 'error', message: '榜单当前不可编辑' });
        } else if (err instanceof ApiError && err.status === 400) {
          setProblems(applyFieldErrors(form, err));
          setSave({ state: 'error', message: '部分内容格式不正确，请按提示修改' });
        } else {
          setSave({ state: 'error', message: workflowError(err, '网络或服务异常') });
        }
        return false;
      } finally {
        inflight.current = null;
      }
    })();
    inflight.current = run;
    return run;
  };
  const saveRef = useRef(saveNow);
  saveRef.current = saveNow;

  const schedule = (immediate: boolean) => {
    dirty.current = true;
    clearTimeout(timer.current);
    if (immediate) void saveRef.current();
    else {
      setSave({ state: 'pending' });
      timer.current = setTimeout(() => void saveRef.current(), AUTOSAVE_DELAY_MS);
    }
  };

  // Saves what is pending when the form goes away (navigation inside the app).
  useEffect(() => {
    mounted.current = true;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current && !stopped.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      mounted.current = false;
      window.removeEventListener('beforeunload', onBeforeUnload);
      clearTimeout(timer.current);
      if (dirty.current && listingRef.current && !stopped.current) void saveRef.current();
    };
  }, []);

  // A new draft starts in the organisation's region.
  const orgId = !initial && mode === 'poster' ? user?.orgId : null;
  const { data: org } = useApi(`listing-form-org:${orgId ?? ''}`, (signal) =>
    orgId ? getOrganization(orgId, signal) : Promise.resolve(null),
  );
  useEffect(() => {
    if (org?.regionCode && !form.getFieldValue('regionCode') && !listingRef.current) {
      form.setFieldsValue({ regionCode: org.regionCode });
    }
  }, [org, form]);

  const onValuesChange = (changed: Partial<ListingFormValues>) => {
    if (!editable) return;
    if ('attest' in changed && Object.keys(changed).length === 1) return;
    setProblems([]);
    // A server error on a field is outdated once the field changes (its own rules run again after this).
    const names: FieldPath[] = Object.entries(changed).flatMap(([key, value]) =>
      key === 'demand' && value && typeof value === 'object'
        ? Object.keys(value).map((sub) => ['demand', sub])
        : [[key]],
    );
    form.setFields(names.map((name) => ({ name, errors: [] as string[] })) as Parameters<typeof form.setFields>[0]);
    // The draft is created on the first change; later changes are saved after a pause.
    schedule(!listingRef.current);
  };

  const onKindChange = (k: ListingKind) => {
    setKind(k);
    kindRef.current = k;
    if (form.getFieldValue('title')) schedule(true);
  };

  const openSubmit = async () => {
    if (uploading > 0) {
      message.warning('附件正在上传，请等上传完成后再提交');
      return;
    }
    setProblems([]);
    try {
      await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: FieldPath }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    const values = form.getFieldsValue(true) as ListingFormValues;
    setAction({
      title: status === ListingStatus.Rejected ? '修改后重新提交' : '提交榜单',
      okText: '确认提交',
      description: (
        <div>
          <p>
            将提交{LISTING_KIND_LABELS[kind]}榜单“{values.title?.trim()}”。
          </p>
          <p className="muted">
            提交后由科技厅组织需求论证，论证期间不能修改；论证通过后经科技厅发布方才公开。请确认内容不涉密、不敏感，知识产权清晰且无争议。
          </p>
        </div>
      ),
      onConfirm: async () => {
        dirty.current = true;
        const ok = await saveNow();
        const current = listingRef.current;
        if (!ok || !current)
          throw new ApiError({ statusCode: 0, code: 'SAVE_FAILED', message: '草稿保存失败，请按页面提示修改后再提交' });
        try {
          if (current.status === ListingStatus.Rejected) {
            const revised = await reviseListing(current.id);
            listingRef.current = revised;
            setListing(revised);
          }
          const submitted = await submitListing(current.id, { attestPublishable: true });
          listingRef.current = submitted;
          setListing(submitted);
          message.success('已提交，等待科技厅组织需求论证');
          onSubmitted?.(submitted);
        } catch (err) {
          if (err instanceof ApiError && (err.code === 'FORM_INCOMPLETE' || err.code === 'VALIDATION_FAILED')) {
            setProblems(applyFieldErrors(form, err));
            return;
          }
          if (isPostingBlock(err)) {
            setBlocked(postingBlocks(err));
            return;
          }
          throw err;
        }
      },
    });
  };

  const titleLabel = kind === ListingKind.Challenge ? '需求名称' : '成果名称';
  const formTitle = listing ? (mode === 'staff' ? '修改终稿' : '编辑榜单') : '发布榜单';

  return (
    <Card
      className="listing-form-card"
      data-testid="listing-form"
      data-listing-id={listing?.id ?? ''}
      data-status={status ?? 'new'}
      title={
        <Space size={8} wrap>
          <span>{formTitle}</span>
          {status ? <StatusTag status={status} /> : null}
        </Space>
      }
      extra={editable ? <SaveIndicator save={save} onRetry={() => schedule(true)} /> : null}
    >
      {status === ListingStatus.Rejected && listing?.rejectionReason ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          title="需求论证未通过"
          description={
            <>
              <div className="long-text" data-testid="rejection-reason">
                理由：{listing.rejectionReason}
              </div>
              <div className="muted">请按意见修改后重新提交。</div>
            </>
          }
        />
      ) : null}
      {status === ListingStatus.Passed ? (
        <Alert
          type="success"
          showIcon
          className="form-alert"
          title="需求论证已通过"
          description="可根据论证意见修改终稿；科技厅发布后榜单即公开，修改自动保存。"
        />
      ) : null}
      {!editable && status ? (
        <Alert
          type="info"
          showIcon
          className="form-alert"
          title={`榜单${LISTING_STATUS_LABELS[status] ?? status}，当前不可编辑`}
          description={<Link to={`/listings/${encodeURIComponent(listing?.id ?? '')}`}>查看榜单</Link>}
        />
      ) : null}
      {blocked ? <PostingBlockedAlert blocks={blocked} /> : null}
      {stopMessage ? <Alert type="error" showIcon className="form-alert" title={stopMessage} /> : null}
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title="征集表尚需补充或修改以下内容"
          data-testid="form-problems"
          description={
            <ul className="plain-list">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Form<ListingFormValues>
        form={form}
        layout="vertical"
        disabled={!editable}
        initialValues={initial ? listingToValues(initial) : { ipTypes: [], demand: { keyTechnologies: [{}] } }}
        onValuesChange={onValuesChange}
        scrollToFirstError={false}
        className="listing-form"
      >
        <Divider titlePlacement="start">基本信息</Divider>
        <Form.Item label="榜单类型" required extra={listing ? '草稿创建后不能更改榜单类型' : undefined}>
          {listing ? (
            <span data-testid="listing-kind" data-kind={kind}>
              <KindTag kind={kind} />
            </span>
          ) : (
            <Segmented<ListingKind>
              value={kind}
              onChange={onKindChange}
              disabled={!editable}
              options={[
                { value: ListingKind.Achievement, label: LISTING_KIND_LABELS[ListingKind.Achievement] },
                { value: ListingKind.Challenge, label: LISTING_KIND_LABELS[ListingKind.Challenge] },
              ]}
              data-testid="listing-kind"
            />
          )}
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item
              name="title"
              label={titleLabel}
              extra={`${MIN_TITLE}-200字`}
              rules={[
                { required: true, whitespace: true, message: `请填写${titleLabel}` },
                { min: MIN_TITLE, max: 200, message: `${titleLabel}应为${MIN_TITLE}-200个字` },
              ]}
            >
              <Input
                maxLength={200}
                showCount
                placeholder={
                  kind === ListingKind.Challenge ? '如：高丰度稀土永磁材料制备关键技术' : '如：一种稀土抛光粉的制备方法'
                }
                data-testid="listing-form-title"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="field" label="聚焦领域" extra="五大领域之一">
              <Radio.Group
                optionType="button"
                options={Object.values(Field).map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
                data-testid="listing-form-field"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="regionCode" label="所在地区">
              <Select
                options={LISTING_REGION_OPTIONS}
                placeholder="选择盟市、旗县区，可输入名称搜索"
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="listing-form-region"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{kind === ListingKind.Challenge ? '技术与成果要求' : '成果情况'}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="resultType" label="成果类型">
              <Radio.Group
                options={Object.values(ResultType).map((t) => ({ value: t, label: RESULT_TYPE_LABELS[t] }))}
                data-testid="listing-form-result-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="hasOwnIp" label="是否拥有自主知识产权">
              <Radio.Group
                options={[
                  { value: true, label: '是' },
                  { value: false, label: '否' },
                ]}
                data-testid="listing-form-has-own-ip"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="achievementType" label="成果形态">
              <Radio.Group
                optionType="button"
                options={Object.values(AchievementType).map((t) => ({ value: t, label: ACHIEVEMENT_TYPE_LABELS[t] }))}
                data-testid="listing-form-achievement-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="ipTypes" label="知识产权类型" extra="可多选">
              <Checkbox.Group
                options={Object.values(IpType).map((t) => ({ value: t, label: IP_TYPE_LABELS[t] }))}
                data-testid="listing-form-ip-types"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="summary"
              label="拟转化科技成果情况"
              extra="不超过3000字"
              rules={[{ max: 3000, message: '拟转化科技成果情况不超过3000字' }]}
            >
              <Input.TextArea
                rows={6}
                maxLength={3000}
                showCount={{ formatter: ({ count, maxLength }) => `${count} / ${maxLength} 字` }}
                placeholder="成果的主要内容、技术指标、成熟度、应用前景等"
                data-testid="listing-form-summary"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="team"
              label="技术团队情况"
              extra="不超过1000字"
              rules={[{ max: 1000, message: '技术团队情况不超过1000字' }]}
            >
              <Input.TextArea
                rows={4}
                maxLength={1000}
                showCount={{ formatter: ({ count, maxLength }) => `${count} / ${maxLength} 字` }}
                placeholder="负责人、核心成员、研究基础等"
                data-testid="listing-form-team"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="suggestedTimeLimit" label="建议实施时限" extra="不超过100字，如“2年”">
              <Input maxLength={100} placeholder="如：24个月" data-testid="listing-form-time-limit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="totalInvestmentWan"
              label={kind === ListingKind.Challenge ? '项目预计总投入' : '项目预计总投入(或成果价值)'}
              extra="单位：万元，最多6位小数"
              normalize={(v: string | undefined) => (v ?? '').trim()}
              rules={[{ pattern: WAN, message: '以万元填写，非负数，最多6位小数，如 500 或 12.5' }]}
            >
              <Input suffix="万元" inputMode="decimal" placeholder="如 500" data-testid="listing-form-investment" />
            </Form.Item>
          </Col>
        </Row>

        {kind === ListingKind.Challenge ? <DemandFields /> : null}

        <Divider titlePlacement="start">附件</Divider>
        {listing ? (
          <AttachmentEditor
            key={listing.id}
            listingId={listing.id}
            canEdit={mode === 'poster' && editable && !stopMessage}
            onUploadingChange={setUploading}
          />
        ) : (
          <div className="muted attachment-hint" data-testid="attachment-need-draft">
            草稿保存后可上传知识产权证明、支撑材料等附件(填写名称即自动保存草稿)。
          </div>
        )}

        {canSubmit ? (
          <>
            <Divider titlePlacement="start">提交</Divider>
            <Form.Item
              name="attest"
              valuePropName="checked"
              rules={[
                {
                  validator: (_, v: boolean | undefined) =>
                    v ? Promise.resolve() : Promise.reject(new Error('提交前请勾选确认本榜单内容可公开发布')),
                },
              ]}
            >
              <Checkbox data-testid="attest-checkbox">
                本单位承诺：榜单内容不涉密、不敏感，知识产权清晰且无争议
              </Checkbox>
            </Form.Item>
          </>
        ) : null}
      </Form>
      <div className="listing-form-actions">
        {canSubmit ? (
          <Button
            type="primary"
            size="large"
            onClick={() => void openSubmit()}
            disabled={!!blocked || !!stopMessage}
            data-testid="listing-form-submit"
          >
            {status === ListingStatus.Rejected ? '修改后重新提交' : '提交论证'}
          </Button>
        ) : null}
        {editable && listing && !canSubmit ? (
          <Button onClick={() => schedule(true)} data-testid="listing-form-save">
            立即保存
          </Button>
        ) : null}
        {backTo ? <Link to={backTo}>返回</Link> : null}
        {editable ? <span className="muted">草稿自动保存，可随时离开后继续编辑</span> : null}
      </div>
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </Card>
  );
}

/** The demand block of a tech challenge. */
function DemandFields() {
  const count = (max: number) => ({ formatter: ({ count: n }: { count: number }) => `${n} / ${max} 字` });
  return (
    <>
      <Divider titlePlacement="start">需求信息(技术攻关类)</Divider>
      <Form.Item name={['demand', 'background']} label="需求背景" extra="不超过2000字">
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount={count(2000)}
          placeholder="企业面临的技术问题及产生背景"
          data-testid="demand-background"
        />
      </Form.Item>
      <Form.Item name={['demand', 'content']} label="需求内容" extra="不超过3000字">
        <Input.TextArea
          rows={5}
          maxLength={3000}
          showCount={count(3000)}
          placeholder="需解决的技术难题、拟实现的目标"
          data-testid="demand-content"
        />
      </Form.Item>
      <Form.List name={['demand', 'keyTechnologies']}>
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label="关键技术及指标" extra={`每项填写关键技术名称和目标指标，最多${MAX_KEY_TECHNOLOGIES}项`}>
            {fields.map(({ key, name }) => (
              <Row gutter={8} key={key} align="top" className="key-tech-row" data-testid="key-tech-row">
                <Col xs={24} md={9}>
                  <Form.Item
                    name={[name, 'name']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v: string | undefined) => {
                          const row = getFieldValue(['demand', 'keyTechnologies', name]) as KeyTechValues | undefined;
                          if (!v?.trim() && !row?.targetIndicator?.trim()) return Promise.resolve();
                          return (v?.trim().length ?? 0) >= 2
                            ? Promise.resolve()
                            : Promise.reject(new Error('请填写关键技术名称(2-200字)'));
                        },
                      }),
                    ]}
                  >
                    <Input maxLength={200} placeholder="关键技术名称" data-testid={`key-tech-name-${name}`} />
                  </Form.Item>
                </Col>
                <Col xs={22} md={14}>
                  <Form.Item
                    name={[name, 'targetIndicator']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v: string | undefined) => {
                          const row = getFieldValue(['demand', 'keyTechnologies', name]) as KeyTechValues | undefined;
                          if (!v?.trim() && !row?.name?.trim()) return Promise.resolve();
                          return (v?.trim().length ?? 0) >= 2
                            ? Promise.resolve()
                            : Promise.reject(new Error('请填写该关键技术的目标指标(2-500字)'));
                        },
                      }),
                    ]}
                  >
                    <Input
                      maxLength={500}
                      placeholder="目标指标，如：磁能积 ≥ 52 MGOe"
                      data-testid={`key-tech-target-${name}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Tooltip title="删除此项">
                    <Button
                      type="text"
                      aria-label="删除关键技术"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                    />
                  </Tooltip>
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            {fields.length < MAX_KEY_TECHNOLOGIES ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="key-tech-add">
                添加关键技术
              </Button>
            ) : null}
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name={['demand', 'resultForm']} label="成果形式" extra="不超过500字">
        <Input.TextArea
          rows={2}
          maxLength={500}
          showCount={count(500)}
          placeholder="如：样机、工艺包、专利、标准、示范线等"
          data-testid="demand-result-form"
        />
      </Form.Item>
      <Form.Item name={['demand', 'takerRequirements']} label="揭榜方要求" extra="不超过1000字">
        <Input.TextArea
          rows={3}
          maxLength={1000}
          showCount={count(1000)}
          placeholder="对揭榜单位资质、团队、研究基础的要求"
          data-testid="demand-taker-requirements"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['demand', 'ipOwnership']} label="知识产权归属" extra="不超过1000字">
            <Input.TextArea rows={3} maxLength={1000} showCount={count(1000)} data-testid="demand-ip-ownership" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['demand', 'benefitSharing']} label="收益分配" extra="不超过1000字">
            <Input.TextArea rows={3} maxLength={1000} showCount={count(1000)} data-testid="demand-benefit-sharing" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
