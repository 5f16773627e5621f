/**
 * 项目 page of a deal (`/deals/:id`) for its parties and staff: the status, parties and listing, the lifecycle bar
 * (协议审查 → 公示 → 签约 → 实施 → 验收 → 补助 → 完成), the agreed terms, and one section per stage whose actions follow
 * my capacities on the deal (`myRoles`, staff sub-roles) and its status — the poster records installments with
 * vouchers, the taker submits milestone evidence, either party asks for an extension or termination and the other
 * agrees, anyone signed in may object while on notice, and staff run the notice, objections, signing, reviews,
 * acceptance, changes and the subsidy. Beside it the deal's full history (项目进程) and files; staff export the
 * history for auditors (CSV / Excel). A signed-in user who is not a party may open a deal while it is on notice
 * (from the 公示栏) and lodge an objection; the history and files are not asked for then (parties and staff only).
 * The deal is read through TanStack Query; each action's mutation refetches what it changed (`dealChanged`).
 */
import {
  ArrowLeftOutlined,
  FileExcelOutlined,
  FileTextOutlined,
  HistoryOutlined,
  PaperClipOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import type { DealDto } from '@jiebang/contracts';
import { App as AntdApp, Button, Card, Col, Row, Skeleton, Space, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap } from '../../../api/http';
import { $api } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { AcceptanceSection } from '../components/AcceptanceSection';
import { ChangesSection } from '../components/ChangesSection';
import { DealFileList } from '../components/DealFiles';
import { DealFormModal, type DealFormConfig } from '../components/DealFormModal';
import { DealLifecycle, DealStatusTag, DealTerms } from '../components/DealOverview';
import { DealTimeline } from '../components/DealTimeline';
import { FundingSection } from '../components/FundingSection';
import { MilestonesSection } from '../components/MilestonesSection';
import { NoticeSection } from '../components/NoticeSection';
import { SigningSection } from '../components/SigningSection';
import { SubsidySection } from '../components/SubsidySection';
import type { DealSectionProps } from '../components/types';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { KindTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { saveBlob } from '../../listings/lib/attachments';
import {
  dealCapacities,
  dealError,
  dealHistoryVisible,
  dealListingKind,
  moneyText,
  PARTY_LABELS,
  toDealDto,
} from '../lib/deals';

/** The page: loads the deal (parties and staff; anyone signed in while it is on notice). */
export function DealPage() {
  const { id = '' } = useParams();
  const query = $api.useQuery('get', '/api/v1/deals/{id}', { params: { path: { id } } }, { enabled: !!id });
  const deal = useMemo(() => (query.data ? toDealDto(query.data) : undefined), [query.data]);
  useDocumentTitle(deal ? `项目 · ${deal.listingTitle}` : '项目');

  if (query.error && !deal) {
    return (
      <Card className="staff-card">
        <ApiErrorView error={query.error} onRetry={() => void query.refetch()} title="项目加载失败" />
      </Card>
    );
  }
  if (!deal) {
    return (
      <Card className="staff-card">
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  return <DealView deal={deal} onReload={() => void query.refetch()} reloading={query.isFetching} />;
}

/** Props of the loaded view. */
interface DealViewProps {
  deal: DealDto;
  onReload: () => void;
  reloading: boolean;
}

/** The loaded deal. */
function DealView({ deal, onReload, reloading }: DealViewProps) {
  const { user } = useAuth();
  const { message } = AntdApp.useApp();
  const [form, setForm] = useState<DealFormConfig>();
  const [exporting, setExporting] = useState<'csv' | 'xlsx'>();
  const can = dealCapacities(deal, user);

  const done = (success: string) => {
    message.success(success);
  };
  const run = async (action: () => Promise<unknown>, success: string) => {
    try {
      await action();
      done(success);
    } catch (err) {
      message.error(dealError(err));
    }
  };
  const exportHistory = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const params = { path: { id: deal.id } };
      const blob = await unwrap(
        format === 'csv'
          ? api.GET('/api/v1/deals/{id}/history.csv', { params, parseAs: 'blob' })
          : api.GET('/api/v1/deals/{id}/history.xlsx', { params, parseAs: 'blob' }),
      );
      saveBlob(blob, `项目审计记录-${deal.listingTitle.slice(0, 40)}-${deal.id.slice(0, 8)}.${format}`);
    } catch (err) {
      message.error(`导出失败：${dealError(err)}`);
    } finally {
      setExporting(undefined);
    }
  };

  const section: DealSectionProps = {
    deal,
    can,
    userId: user?.id ?? null,
    openForm: setForm,
    done,
    run,
  };
  const myRoles = deal.myRoles.map((r) => PARTY_LABELS[r] ?? r);
  const party = deal.myRoles.length > 0;
  const historyVisible = dealHistoryVisible(deal);
  const back = can.staff
    ? { to: '/staff/deals', text: '项目管理' }
    : party
      ? { to: '/deals', text: '我的项目' }
      : { to: '/notices', text: '揭榜公示' };

  return (
    <div className="staff-card" data-testid="deal-page" data-deal-id={deal.id} data-status={deal.status}>
      <Card size="small">
        <Link to={back.to} className="back-link">
          <ArrowLeftOutlined /> {back.text}
        </Link>
        <div className="nego-head-row">
          <div>
            <h2 className="nego-title" data-testid="deal-title">
              <Link to={`/listings/${encodeURIComponent(deal.listingId)}`}>{deal.listingTitle}</Link>
            </h2>
            <Space size={6} wrap>
              <KindTag kind={dealListingKind(deal)} />
              <DealStatusTag status={deal.status} label={deal.statusLabel} />
              <span>
                发榜方：
                <Link to={`/organizations/${encodeURIComponent(deal.posterOrgId)}`}>{deal.posterName}</Link>
              </span>
              <span>
                揭榜方：
                <Link to={`/organizations/${encodeURIComponent(deal.takerOrgId)}`}>{deal.takerName}</Link>
              </span>
              <span>协议金额 {moneyText(deal.amountFen)}</span>
              {myRoles.length ? <Tag color="blue">我方：{myRoles.join('、')}</Tag> : null}
              {deal.negotiationId && party ? (
                <Link to={`/negotiations/${encodeURIComponent(deal.negotiationId)}`}>洽谈记录</Link>
              ) : null}
            </Space>
          </div>
          <Space wrap>
            {can.staff ? (
              <>
                <Button
                  icon={<FileTextOutlined />}
                  loading={exporting === 'csv'}
                  onClick={() => void exportHistory('csv')}
                  data-testid="export-csv"
                >
                  导出记录 CSV
                </Button>
                <Button
                  icon={<FileExcelOutlined />}
                  loading={exporting === 'xlsx'}
                  onClick={() => void exportHistory('xlsx')}
                  data-testid="export-xlsx"
                >
                  导出记录 Excel
                </Button>
              </>
            ) : null}
            <Button icon={<ReloadOutlined />} loading={reloading} onClick={onReload} data-testid="deal-reload">
              刷新
            </Button>
          </Space>
        </div>
        <div className="form-alert">
          <DealLifecycle deal={deal} />
        </div>
      </Card>

      <Row gutter={[16, 16]} className="form-alert">
        <Col xs={24} lg={16}>
          <Card size="small" title="协议条款">
            <DealTerms deal={deal} />
          </Card>
          <NoticeSection {...section} />
          <SigningSection {...section} />
          <FundingSection {...section} />
          <MilestonesSection {...section} />
          <AcceptanceSection {...section} />
          <ChangesSection {...section} />
          {deal.signedOn || deal.subsidies.length ? <SubsidySection {...section} /> : null}
        </Col>
        <Col xs={24} lg={8}>
          <Card
            size="small"
            title={
              <span>
                <HistoryOutlined /> 项目进程
              </span>
            }
          >
            <DealTimeline dealId={deal.id} visible={historyVisible} />
          </Card>
          {party ? (
            <Card
              size="small"
              className="form-alert"
              title={
                <span>
                  <PaperClipOutlined /> 附件({deal.attachments.length})
                </span>
              }
            >
              <DealFileList dealId={deal.id} files={deal.attachments} />
            </Card>
          ) : null}
        </Col>
      </Row>
      <DealFormModal config={form} onClose={() => setForm(undefined)} />
    </div>
  );
}
