/**
 * Select of review experts (`GET /experts`, staff), and the form item of an expert invitation, with the
 * view of an `EXPERT_CONFLICT` refusal (the expert is linked to an applicant: message and control path).
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
}

/** The select. */
export function ExpertSelect({ value, onChange, id }: ExpertSelectProps) {
  const { data, error, isPending } = $api.useQuery('get', '/api/v1/experts');
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      loading={isPending}
      placeholder="选择专家，可输入姓名或单位搜索"
      showSearch={{ optionFilterProp: 'label' }}
      notFoundContent={error ? error.message : '没有可选的专家'}
      options={(data ?? []).map((e) => ({
        value: e.id,
        label: e.orgName ? `${e.displayName}(${e.orgName})` : e.displayName,
      }))}
      data-testid="expert-select"
    />
  );
}

/** The form item of `ActionModal` choosing the expert (`expertUserId`). */
export const expertField: ReactNode = (
  <Form.Item name="expertUserId" label="专家" rules={[{ required: true, message: '请选择专家' }]}>
    <ExpertSelect />
  </Form.Item>
);

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
