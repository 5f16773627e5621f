/**
 * The posting form (征集表, seed `004` annex 1; for 技术攻关类 also the demand block of `004 §9(一)`).
 * Autosave: the draft is created (`POST /listings`) on the first change once the name is long enough, then
 * every change is saved (`PATCH /listings/:id`) after a 1.5 s pause; the header says 已自动保存 hh:mm:ss.
 * Submission needs the 不涉密 attestation and a confirmation; `FORM_INCOMPLETE` / `VALIDATION_FAILED` details
 * are put on the fields they concern, posting refusals (422) are shown in an alert. Once the draft exists, the
 * 附件 section uploads and deletes attachments (知识产权证明, 支撑材料) while the listing is editable.
 */
import { ErrorCode, LISTING_KIND_LABELS, LISTING_STATUS_LABELS, ListingKind, ListingStatus } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Card, Checkbox, Divider, Form, Segmented, Skeleton, Space, Steps } from 'antd';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/errors';
import { $api, invalidate, queryClient } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { type FieldPath } from '../../../shared/lib/apiErrors';
import { isPostingBlock, postingBlocks, workflowError, type PostingBlock } from '../../../shared/lib/pipeline';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { AttachmentEditor } from './Attachments';
import { PostingBlockedAlert, SaveIndicator } from './ListingFormParts';
import { OrgNotVerifiedNotice, useOwnOrganization } from './OrgVerification';
import type { ListingDetailDto } from '../lib/listingDto';
import { BasicFields, DemandFields, OutcomeFields, sectionAnchor } from './ListingFormSections';
import {
  applyFieldErrors,
  editableIn,
  listingFormSections,
  listingToValues,
  toListingFormDto,
  AUTOSAVE_DELAY_MS,
  type ListingFormMode,
  type ListingFormValues,
  type SaveState,
} from './listingFormModel';

export {
  AUTOSAVE_DELAY_MS,
  LISTING_FIELD_LABELS,
  listingFieldLabel,
  listingToValues,
  normaliseWan,
  toListingFormDto,
  type ListingFormMode,
  type ListingFormValues,
} from './listingFormModel';

/** Props of `ListingForm`. */
export interface ListingFormProps {
  /** The listing to edit; a new draft when absent. */
  listingId?: string;
  mode?: ListingFormMode;
  /** Called once the first autosave created the draft. */
  onCreated?: (listing: ListingDetailDto) => void;
  /** Called after a successful submission. */
  onSubmitted?: (listing: ListingDetailDto) => void;
  /** Where 返回 leads (a link next to the buttons). */
  backTo?: string;
}

/** The card shown while the form's data loads. */
function FormSkeleton() {
  return (
    <Card className="listing-form-card" data-testid="listing-form-loading">
      <Skeleton active paragraph={{ rows: 12 }} />
    </Card>
  );
}

/** The posting form: loads the listing when editing, then shows the form. */
export function ListingForm({ listingId, mode = 'poster', onCreated, onSubmitted, backTo }: ListingFormProps) {
  if (!listingId) return <NewListingForm onCreated={onCreated} onSubmitted={onSubmitted} backTo={backTo} />;
  return <ExistingListingForm listingId={listingId} mode={mode} onSubmitted={onSubmitted} backTo={backTo} />;
}

/**
 * A new draft of the user's organisation: an organisation the 科技厅 has not verified is told at once that it
 * cannot post (instead of the form); a verified one gets the form, starting in the organisation's region.
 */
function NewListingForm({ onCreated, onSubmitted, backTo }: Omit<ListingFormProps, 'listingId' | 'mode'>) {
  const { user } = useAuth();
  const orgId = user?.orgId ?? null;
  const org = useOwnOrganization(orgId);
  // The organisation could not be read: the form is shown anyway (the API still refuses an unverified poster).
  if (orgId && org.isPending && !org.error) return <FormSkeleton />;
  if (orgId && org.data?.verified === false) {
    return (
      <Card className="listing-form-card" data-testid="listing-form-blocked" title="发布榜单">
        <OrgNotVerifiedNotice orgId={orgId} action="post" />
      </Card>
    );
  }
  return (
    <ListingFormBody
      mode="poster"
      regionCode={org.data?.regionCode ?? undefined}
      onCreated={onCreated}
      onSubmitted={onSubmitted}
      backTo={backTo}
    />
  );
}

/** Loads a listing, then shows its form. */
function ExistingListingForm({ listingId, mode, onSubmitted, backTo }: ListingFormProps & { listingId: string }) {
  // Always read afresh: a cached copy may predate the last autosave, and the form starts from what it is given.
  const query = $api.useQuery(
    'get',
    '/api/v1/listings/{id}',
    { params: { path: { id: listingId } } },
    { refetchOnMount: 'always' },
  );
  if (query.error) {
    return (
      <Card className="listing-form-card">
        <ApiErrorView error={query.error} onRetry={() => void query.refetch()} title="榜单加载失败" />
      </Card>
    );
  }
  if (!query.data || !query.isFetchedAfterMount) return <FormSkeleton />;
  // Keyed by the id: a refetch (focus, an invalidation after a save) never resets what is being typed.
  return (
    <ListingFormBody
      key={query.data.id}
      initial={query.data}
      mode={mode ?? 'poster'}
      onSubmitted={onSubmitted}
      backTo={backTo}
    />
  );
}

/** Props of the form body. */
interface BodyProps {
  initial?: ListingDetailDto;
  mode: ListingFormMode;
  /** Region a new draft starts in (the organisation's). */
  regionCode?: string;
  onCreated?: (listing: ListingDetailDto) => void;
  onSubmitted?: (listing: ListingDetailDto) => void;
  backTo?: string;
}

/** The lists that show a listing, refreshed after it was saved or submitted. */
const LISTING_LISTS = ['/api/v1/my/listings', '/api/v1/listings/{id}', '/api/v1/staff/listings'] as const;

/** The form itself. */
function ListingFormBody({ initial, mode, regionCode, onCreated, onSubmitted, backTo }: BodyProps) {
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ListingFormValues>();
  const createDraft = $api.useMutation('post', '/api/v1/listings');
  const update = $api.useMutation('patch', '/api/v1/listings/{id}');
  const revise = $api.useMutation('post', '/api/v1/listings/{id}/revise');
  const submit = $api.useMutation('post', '/api/v1/listings/{id}/submit');
  const [listing, setListing] = useState<ListingDetailDto | undefined>(initial);
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
  useLayoutEffect(() => {
    kindRef.current = kind;
  }, [kind]);
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
          ? await update.mutateAsync({ params: { path: { id: existing.id } }, body: dto })
          : await createDraft.mutateAsync({ body: { kind: kindRef.current, ...dto, title: dto.title ?? '' } });
        listingRef.current = saved;
        void invalidate('/api/v1/my/listings');
        // Other views of the listing read it afresh when next shown (this form keeps what is being typed).
        void queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/listings/{id}'], refetchType: 'none' });
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
            err.code === ErrorCode.ILLEGAL_TRANSITION
              ? `榜单当前状态不可编辑，修改未保存。${text}`
              : `${text}；修改未保存。`,
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
  // Timers and the unmount call the latest `saveNow` (synced after each render, before any effect or event).
  const saveRef = useRef(saveNow);
  useLayoutEffect(() => {
    saveRef.current = saveNow;
  });

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
  useEffect(() => {
    if (regionCode && !form.getFieldValue('regionCode') && !listingRef.current) form.setFieldsValue({ regionCode });
  }, [regionCode, form]);

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
          throw new ApiError({
            statusCode: 0,
            code: 'CLIENT_ERROR',
            message: '草稿保存失败，请按页面提示修改后再提交',
          });
        const path = { params: { path: { id: current.id } } };
        try {
          // Both actions answer with the listing's summary: the form keeps the full listing with the new status.
          if (current.status === ListingStatus.Rejected) {
            const revised: ListingDetailDto = { ...current, status: (await revise.mutateAsync(path)).status };
            listingRef.current = revised;
            setListing(revised);
          }
          const summary = await submit.mutateAsync({ ...path, body: { attestPublishable: true } });
          const submitted: ListingDetailDto = { ...(listingRef.current ?? current), status: summary.status };
          listingRef.current = submitted;
          setListing(submitted);
          void invalidate(...LISTING_LISTS);
          message.success('已提交，等待科技厅组织需求论证');
          onSubmitted?.(submitted);
        } catch (err) {
          if (
            err instanceof ApiError &&
            (err.code === ErrorCode.FORM_INCOMPLETE || err.code === ErrorCode.VALIDATION_FAILED)
          ) {
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

  const formTitle = listing ? (mode === 'staff' ? '修改终稿' : '编辑榜单') : '发布榜单';
  const watched = Form.useWatch([], { form, preserve: true }) as ListingFormValues | undefined;
  const sections = listingFormSections(watched ?? {}, kind, { hasDraft: !!listing, canSubmit });
  const goTo = (index: number) =>
    document.getElementById(sectionAnchor(sections[index].key))?.scrollIntoView({ behavior: 'smooth', block: 'start' });

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
      <Steps
        size="small"
        className="listing-form-steps"
        data-testid="listing-form-steps"
        current={Math.max(
          0,
          sections.findIndex((x) => x.missing.length > 0),
        )}
        onChange={goTo}
        items={sections.map((x) => ({
          title: x.title,
          status: x.missing.length ? 'wait' : 'finish',
          content: x.missing.length ? `待填 ${x.missing.length} 项` : '已填写',
          'data-section': x.key,
        }))}
      />
      <Form<ListingFormValues>
        form={form}
        layout="vertical"
        disabled={!editable}
        initialValues={initial ? listingToValues(initial) : { ipTypes: [], demand: { keyTechnologies: [{}] } }}
        onValuesChange={onValuesChange}
        scrollToFirstError={false}
        className="listing-form"
      >
        <div id={sectionAnchor('basic')} className="listing-form-anchor" />
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
        <BasicFields kind={kind} />

        <OutcomeFields kind={kind} />

        {kind === ListingKind.Challenge ? <DemandFields /> : null}

        <div id={sectionAnchor('attachments')} className="listing-form-anchor" />
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
            <div id={sectionAnchor('submit')} className="listing-form-anchor" />
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
