/**
 * Remote-search select of organisations over `GET /organizations?q=` (staff: all; others: verified only). Options the page already
 * knows (`presetOptions`, e.g. match candidates or the current organisation) are offered too, so the select
 * stays usable for users who may not search, and selected values keep their names across searches.
 */
import { ORG_TYPE_LABELS } from '@jiebang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Select, Spin, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { regionLabel } from '../../../shared/lib/format';
import type { Organization } from '../lib/types';

/** A page of `GET /organizations`. */
type OrganizationPage = components['schemas']['OrganizationPageDto'];

/** One selectable organisation. */
export interface OrgOption {
  value: string;
  label: string;
  /** Second line of the option (USCC, type, region…). */
  hint?: string;
  verified?: boolean;
}

/** An option made from an organisation returned by the API. */
export function orgOption(org: Organization): OrgOption {
  const parts = [ORG_TYPE_LABELS[org.type] ?? org.type, regionLabel(org.regionCode, org.regionName), org.uscc];
  return { value: org.id, label: org.name, hint: parts.filter(Boolean).join(' · '), verified: org.verified };
}

/** Props of `OrgSelect` (`value`/`onChange`/`id` are filled in by `Form.Item`). */
export interface OrgSelectProps {
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  id?: string;
  mode?: 'multiple';
  placeholder?: string;
  presetOptions?: OrgOption[];
  /** Ids never offered (e.g. the lead applicant in the member list). */
  excludeIds?: string[];
  maxCount?: number;
  disabled?: boolean;
  /** `data-testid` of the select. */
  testId?: string;
}

const SEARCH_DELAY_MS = 300;
const PAGE_SIZE = 20;

/** The organisation select. */
export function OrgSelect({
  value,
  onChange,
  id,
  mode,
  placeholder = '输入单位名称或统一社会信用代码搜索',
  presetOptions = [],
  excludeIds = [],
  maxCount,
  disabled,
  testId,
}: OrgSelectProps) {
  const queryClient = useQueryClient();
  // What is typed, and what is searched (the same, `SEARCH_DELAY_MS` after the last keystroke).
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  // Nothing is asked for until the dropdown is first opened.
  const [opened, setOpened] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const list = $api.useQuery(
    'get',
    '/api/v1/organizations',
    { params: { query: { q: q || undefined, pageSize: PAGE_SIZE } } },
    { enabled: opened, placeholderData: (previous) => previous },
  );
  const results = useMemo(() => list.data?.items.map(orgOption), [list.data]);
  const loading = list.isFetching;
  const error = list.error;

  /** An organisation any search so far returned (labels of selected values across searches). */
  const knownOption = (orgId: string): OrgOption | undefined => {
    for (const [, page] of queryClient.getQueriesData<OrganizationPage>({
      queryKey: ['get', '/api/v1/organizations'],
    })) {
      const org = page?.items.find((o) => o.id === orgId);
      if (org) return orgOption(org);
    }
    return undefined;
  };

  const onSearch = (text: string) => {
    setSearch(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setQ(text.trim()), SEARCH_DELAY_MS);
  };

  const onOpenChange = (open: boolean) => {
    if (open) setOpened(true);
    else {
      clearTimeout(timer.current);
      setSearch('');
      setQ('');
    }
  };

  const selected = useMemo(() => (Array.isArray(value) ? value : value ? [value] : []), [value]);
  // Cheap enough to build on every render (labels of selected values come from the query cache).
  const options = (() => {
    const byId = new Map<string, OrgOption>();
    const excluded = new Set(excludeIds);
    const q = search.trim().toLowerCase();
    const presets = presetOptions.filter((o) => !q || o.label.toLowerCase().includes(q) || o.value === q);
    for (const o of [...(results ?? []), ...presets]) {
      if (!excluded.has(o.value) && !byId.has(o.value)) byId.set(o.value, o);
    }
    // Selected values keep a labelled option even when the current search does not return them.
    for (const v of selected) {
      if (!byId.has(v)) {
        const o = knownOption(v) ?? presetOptions.find((p) => p.value === v);
        byId.set(v, o ?? { value: v, label: v });
      }
    }
    return [...byId.values()];
  })();

  let notFound: ReactNode = '未找到匹配的单位';
  if (loading) notFound = <Spin size="small" />;
  else if (error?.statusCode === 403) notFound = '仅科技厅工作人员可检索全部单位';
  else if (error) notFound = errorText(error, '单位检索失败，请稍后重试');

  return (
    <Select<string | string[], OrgOption>
      id={id}
      mode={mode}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      placeholder={placeholder}
      disabled={disabled}
      maxCount={maxCount}
      allowClear
      loading={loading}
      showSearch={{ filterOption: false, onSearch, autoClearSearchValue: true }}
      onOpenChange={onOpenChange}
      notFoundContent={notFound}
      optionRender={(option) => (
        <div className="org-option" data-testid="org-option" data-org-id={option.data.value}>
          <div className="org-option-name">
            {option.data.label}
            {option.data.verified === false ? (
              <Tag color="orange" className="org-option-tag">
                待认证
              </Tag>
            ) : null}
          </div>
          {option.data.hint ? <div className="org-option-hint">{option.data.hint}</div> : null}
        </div>
      )}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 360 } } }}
      data-testid={testId}
    />
  );
}
