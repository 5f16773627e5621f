import { DEAL_STATUS_LABELS, DealStatus } from '@jiebang/contracts';
import { Select } from 'antd';

/** The 全部状态 select of the deal lists (my deals, the staff console's 全部 tab): `undefined` means every status. */
export function DealStatusFilter({
  value,
  onChange,
}: {
  value: DealStatus | undefined;
  onChange: (status: DealStatus | undefined) => void;
}) {
  return (
    <Select
      allowClear
      placeholder="全部状态"
      value={value}
      onChange={(v: DealStatus | undefined) => onChange(v)}
      options={Object.values(DealStatus).map((s) => ({ value: s, label: DEAL_STATUS_LABELS[s] }))}
      style={{ minWidth: 180 }}
      data-testid="deal-status-filter"
    />
  );
}
