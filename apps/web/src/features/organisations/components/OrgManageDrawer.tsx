/** Staff drawer editing an organisation's control edges and credit records. */
import { Alert, Divider, Drawer, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { getCreditRecords, getOrganizationControls } from '../../../api/client';
import { useApi } from '../../../shared/hooks/useApi';
import { ControlEdgeForm, ControlEdgeTable } from './ControlEdges';
import { CreditRecordForm, CreditRecordTable } from './CreditRecords';
import { ApiErrorView } from '../../../shared/components/Forbidden';

/** Tabs of the drawer. */
export type ManageTab = 'controls' | 'credit';

/** Props of `OrgManageDrawer`. */
export interface OrgManageDrawerProps {
  /** The organisation; the drawer is open while set. */
  org: { id: string; name: string } | undefined;
  tab: ManageTab;
  onTabChange: (tab: ManageTab) => void;
  onClose: () => void;
  /** Called after any change (so the page can refresh what it shows). */
  onChanged?: () => void;
}

/** The control-edge tab. */
function ControlsTab({ org, onChanged }: { org: { id: string; name: string }; onChanged?: () => void }) {
  const [version, setVersion] = useState(0);
  const { data, error, loading, retry } = useApi(`manage-controls:${org.id}:${version}`, (signal) =>
    getOrganizationControls(org.id, signal),
  );
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged?.();
  };
  return (
    <div data-testid="manage-controls">
      {error ? (
        <ApiErrorView error={error} onRetry={retry} title="控制关系加载失败" compact />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <>
          <h4 className="section-title">控制方(上级)</h4>
          <ControlEdgeTable edges={data.controllers} side="controller" onEnded={changed} testId="controllers-table" />
          <h4 className="section-title">受控单位(下级)</h4>
          <ControlEdgeTable edges={data.controlled} side="controlled" onEnded={changed} testId="controlled-table" />
        </>
      )}
      <Divider titlePlacement="start">新增控制关系</Divider>
      <ControlEdgeForm org={org} onCreated={changed} />
    </div>
  );
}

/** The credit-record tab. */
function CreditTab({ org, onChanged }: { org: { id: string; name: string }; onChanged?: () => void }) {
  const [version, setVersion] = useState(0);
  const { data, error, loading, retry } = useApi(`manage-credit:${org.id}:${version}`, (signal) =>
    getCreditRecords(org.id, signal),
  );
  return (
    <div data-testid="manage-credit">
      {error ? (
        <ApiErrorView error={error} onRetry={retry} title="信用记录加载失败" compact />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <CreditRecordTable records={data} />
      )}
      <Divider titlePlacement="start">新增信用记录</Divider>
      <Alert type="info" showIcon className="form-alert" title="信用记录将用于揭榜资格审查，请核实后登记并注明来源。" />
      <CreditRecordForm
        orgId={org.id}
        onCreated={() => {
          setVersion((v) => v + 1);
          onChanged?.();
        }}
      />
    </div>
  );
}

/** The drawer. */
export function OrgManageDrawer({ org, tab, onTabChange, onClose, onChanged }: OrgManageDrawerProps) {
  return (
    <Drawer
      open={!!org}
      onClose={onClose}
      size={820}
      destroyOnHidden
      title={org ? `单位管理 · ${org.name}` : '单位管理'}
      data-testid="org-manage-drawer"
    >
      {org ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => onTabChange(k as ManageTab)}
          items={[
            { key: 'controls', label: '控制关系', children: <ControlsTab org={org} onChanged={onChanged} /> },
            { key: 'credit', label: '信用记录', children: <CreditTab org={org} onChanged={onChanged} /> },
          ]}
        />
      ) : null}
    </Drawer>
  );
}
