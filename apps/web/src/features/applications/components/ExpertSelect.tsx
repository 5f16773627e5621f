/**
 * Select of review experts (`GET /experts`, staff), and the form item of an expert invitation, with the
 * view of an `EXPERT_CONFLICT` refusal (the expert is linked to an applicant: message and control path). For an
 * application the pool is asked with its id, so an expert who would have to recuse is shown, greyed out, with the
 * reason, before anyone tries to assign them; unavailable experts are marked too.
 */
import { Alert, Form, Select } from 'antd';
import type { ReactNode } from 'react';
import { ErrorCode } from '@jiebang/contracts';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { hasChinese } from '../../../shared/lib/apiErrors';
import { basisText } from '../../../shared/lib/rules';
import { ControlPath } from '../../organisations/components/ControlPath';

/** Props of `ExpertSelect` (`value`/`onChange`/`id` come from `Form.Item`). */
export interface ExpertSelectProps {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  /** The application being reviewed: experts in conflict with its parties are offered disabled, with the reason. */
  applicationId?: string;
}

/** The select. */
export function ExpertSelect({ value, onChange, id, applicationId }: ExpertSelectProps) {
  const { data, error, isPending } = $api.useQuery(
    'get',
    '/api/v1/experts',
    applicationId ? { params: { query: { applicationId } } } : {},
  );
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      loading={isPending}
      placeholder="选择专家，可输入姓名或单位搜索"
      showSearch={{ optionFilterProp: 'label' }}
      notFoundContent={error ? error.message : '没有可选的专家'}
      options={(data ?? []).map((e) => {
        const name = e.orgName ? `${e.displayName}(${e.orgName})` : e.displayName;
        const note = e.conflict ? `须回避：${e.conflict}` : e.available === false ? '暂不可评审' : '';
        return { value: e.id, label: note ? `${name} — ${note}` : name, disabled: !!e.conflict };
      })}
      data-testid="expert-select"
    />
  );
}

/** The form item of `ActionModal` choosing the expert (`expertUserId`), for `applicationId` when one is reviewed. */
export function expertField(applicationId?: string): ReactNode {
  return (
    <Form.Item name="expertUserId" label="专家" rules={[{ required: true, message: '请选择专家' }]}>
      <ExpertSelect applicationId={applicationId} />
    </Form.Item>
  );
}

/** The view of a 422 `EXPERT_CONFLICT` (the expert must recuse), or `undefined` for other errors. */
export function expertConflictView(err: unknown): ReactNode | undefined {
  if (!(err instanceof ApiError) || err.code !== ErrorCode.EXPERT_CONFLICT) return undefined;
  const details = (err.body.details ?? {}) as { path?: unknown; orgNames?: unknown };
  const path = Array.isArray(details.path) ? details.path.map(String) : [];
  const basis = basisText(err.body.rule);
  const orgNames =
    details.orgNames && typeof details.orgNames === 'object' ? (details.orgNames as Record<string, string>) : {};
  return (
    <Alert
      type="error"
      showIcon
      title="该专家与申报单位存在关联，须回避"
      data-testid="expert-conflict"
      description={
        <div>
          <div className="block-message">
            {hasChinese(err.message) ? err.message : '专家所在单位与揭榜单位存在控制关系或为同一单位，请另选专家。'}
            {basis ? `（${basis}）` : ''}
          </div>
          {path.length ? <ControlPath path={path} orgNames={orgNames} testId="expert-conflict-path" /> : null}
        </div>
      }
    />
  );
}
