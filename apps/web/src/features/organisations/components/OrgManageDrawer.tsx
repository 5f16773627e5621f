/**
 * Staff drawer editing an organisation's control edges and credit records; each change invalidates the queries
 * that show them (the page behind the drawer refetches too).
 */
import { Alert, Divider, Drawer, Skeleton, Tabs } from 'antd';
import { $api } from '../../../api/query';
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
}

/** The control-edge tab. */
function ControlsTab({ org }: { org: { id: string; name: string } }) {
  const { data, error, refetch } = $api.useQuery('get', '/api/v1/organizations/{id}/controls', {
    params: { path: { id: org.id } },
  });
  return (
    <div data-testid="manage-controls">
      {error ? (
        <ApiErrorView error={error} onRetry={() => void refetch()} title="控制关系加载失败" compact />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <>
          <h4 className="section-title">控制方(上级)</h4>
          <ControlEdgeTable edges={data.controllers} side="controller" editable testId="controllers-table" />
          <h4 className="section-title">受控单位(下级)</h4>
          <ControlEdgeTable edges={data.controlled} side="controlled" editable testId="controlled-table" />
        </>
      )}
      <Divider titlePlacement="start">新增控制关系</Divider>
      <ControlEdgeForm org={org} />
    </div>
  );
}

/** The credit-record tab. */
function CreditTab({ org }: { org: { id: string; name: string } }) {
  const { data, error, refetch } = $api.useQuery('get', '/api/v1/organizations/{id}/credit-records', {
    params: { path: { id: org.id } },
  });
  return (
    <div data-testid="manage-credit">
      {error ? (
        <ApiErrorView error={error} onRetry={() => void refetch()} title="信用记录加载失败" compact />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <CreditRecordTable records={data} />
      )}
      <Divider titlePlacement="start">新增信用记录</Divider>
      <Alert type="info" showIcon className="form-alert" title="信用记录将用于揭榜资格审查，请核实后登记并注明来源。" />
      <CreditRecordForm orgId={org.id} />
    </div>
  );
}

/** The drawer. */
export function OrgManageDrawer({ org, tab, onTabChange, onClose }: OrgManageDrawerProps) {
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
            { key: 'controls', label: '控制关系', children: <ControlsTab org={org} /> },
            { key: 'credit', label: '信用记录', children: <CreditTab org={org} /> },
          ]}
        />
      ) : null}
    </Drawer>
  );
}
