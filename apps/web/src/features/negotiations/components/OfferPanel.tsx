/**
 * The offer panel of a negotiation room: the current version with its terms, the history of versions as a
 * timeline with status tags (and what changed against the previous version), and — for the poster and the
 * applicant side only — 接受 / 拒绝 (with a reason) / 还价 on the other side's open offer and 提出报价, each
 * confirmed. Staff see the offers read-only.
 */
import { CheckOutlined, CloseOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { DEAL_FORM_LABELS, type NegotiationDto, type OfferDto, type OfferTerms } from '@jiebang/contracts';
import { Button, Card, Descriptions, Empty, Space, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { formatDate } from '../../../shared/lib/format';
import { formatMoney } from '../../../shared/lib/money';
import { currentOffer, formatYuan, maxDurationMonths, OFFER_STATUS_META, SIDE_LABELS } from '../lib/negotiation';
import { OfferForm } from './OfferForm';

/** My side in the room, or `null` for staff and other readers. */
export type Side = 'poster' | 'applicant';

/** Props of `OfferPanel`. */
export interface OfferPanelProps {
  negotiation: NegotiationDto;
  offers: OfferDto[];
  mySide: Side | null;
  /** Whether offers may be made and answered now (room open and connected). */
  canAct: boolean;
  onPropose: (terms: OfferTerms, idempotencyKey: string) => Promise<unknown>;
  onRespond: (offerId: string, action: 'accept' | 'reject', reason?: string) => Promise<unknown>;
}

/** The terms of a version. */
function OfferTermsView({ offer }: { offer: OfferDto }) {
  const t = offer.terms;
  return (
    <Descriptions size="small" column={1} bordered className="nego-terms">
      <Descriptions.Item label="合作方式">{DEAL_FORM_LABELS[t.dealForm] ?? t.dealForm}</Descriptions.Item>
      <Descriptions.Item label="报价总额">
        <strong data-testid="offer-amount-text">{formatMoney(t.amountFen, 'offer')}</strong>
      </Descriptions.Item>
      <Descriptions.Item label="付款计划">
        {t.schedule.length ? (
          <ol className="nego-schedule-list">
            {t.schedule.map((i, n) => (
              <li key={`${i.dueDate}-${n}`}>
                {i.dueDate} · {formatYuan(i.amountYuan)}
              </li>
            ))}
          </ol>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label="知识产权归属">
        <span className="pre-wrap">{t.ipOwnership}</span>
      </Descriptions.Item>
      <Descriptions.Item label="收益分配">
        <span className="pre-wrap">{t.benefitSharing}</span>
      </Descriptions.Item>
      <Descriptions.Item label="合作期限">{t.durationMonths} 个月</Descriptions.Item>
    </Descriptions>
  );
}

/** The status tag of a version. */
function OfferStatusTag({ offer }: { offer: OfferDto }) {
  const meta = OFFER_STATUS_META[offer.status] ?? { label: offer.status, color: 'default' };
  return (
    <Tag color={meta.color} data-testid="offer-status" data-status={offer.status}>
      {meta.label}
    </Tag>
  );
}

/** What changed from `prev` to `offer` (by term). */
function changes(offer: OfferDto, prev: OfferDto | undefined): string[] {
  if (!prev) return [];
  const a = offer.terms;
  const b = prev.terms;
  const out: string[] = [];
  if (a.dealForm !== b.dealForm) out.push('合作方式');
  if (a.amountFen !== b.amountFen) out.push('金额');
  if (JSON.stringify(a.schedule) !== JSON.stringify(b.schedule)) out.push('付款计划');
  if (a.ipOwnership !== b.ipOwnership) out.push('知识产权');
  if (a.benefitSharing !== b.benefitSharing) out.push('收益分配');
  if (a.durationMonths !== b.durationMonths) out.push('期限');
  return out;
}

/** The panel. */
export function OfferPanel({ negotiation, offers, mySide, canAct, onPropose, onRespond }: OfferPanelProps) {
  const [action, setAction] = useState<ActionConfig>();
  const [form, setForm] = useState<{ title: string; initial?: OfferTerms }>();
  const current = currentOffer(offers);
  const open = current?.status === 'open' ? current : undefined;
  const acceptedByMe = (o: OfferDto) => (mySide === 'poster' ? o.acceptedByPoster : o.acceptedByApplicant);
  const canAnswer = !!open && !!mySide && canAct && open.side !== mySide && !acceptedByMe(open);
  const canPropose = !!mySide && canAct;

  const accept = (o: OfferDto) =>
    setAction({
      title: `接受第 ${o.version} 版报价`,
      okText: '确认接受',
      description: (
        <p>
          接受{SIDE_LABELS[o.side]}提出的第 {o.version} 版报价(
          {DEAL_FORM_LABELS[o.terms.dealForm] ?? o.terms.dealForm}，{formatMoney(o.terms.amountFen, 'offer')}，
          {o.terms.durationMonths} 个月)。双方均接受同一版本后将生成协议草稿，洽谈随即结束。
        </p>
      ),
      onConfirm: async () => {
        await onRespond(o.id, 'accept');
      },
    });

  const reject = (o: OfferDto) =>
    setAction({
      title: `拒绝第 ${o.version} 版报价`,
      okText: '确认拒绝',
      danger: true,
      reason: 'required',
      reasonLabel: '拒绝理由(对方可见)',
      description: <p>拒绝后对方可以重新报价，您也可以直接还价。</p>,
      onConfirm: async ({ reason }) => {
        await onRespond(o.id, 'reject', reason);
      },
    });

  const terms = (o: OfferDto | undefined): OfferTerms | undefined =>
    o
      ? {
          dealForm: o.terms.dealForm,
          amountYuan: o.terms.amountYuan,
          schedule: o.terms.schedule.map((i) => ({ ...i })),
          ipOwnership: o.terms.ipOwnership,
          benefitSharing: o.terms.benefitSharing,
          durationMonths: o.terms.durationMonths,
        }
      : undefined;

  const history = [...offers].reverse();
  return (
    <Card
      size="small"
      className="nego-offers"
      title="报价与条款"
      data-testid="offer-panel"
      extra={
        canPropose ? (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setForm({ title: current ? '提出新报价' : '提出报价', initial: terms(current) })}
            data-testid="offer-propose"
          >
            {current ? '新报价' : '提出报价'}
          </Button>
        ) : null
      }
    >
      {current ? (
        <div data-testid="offer-current" data-version={current.version} data-status={current.status}>
          <div className="nego-offer-head">
            <Space size={6} wrap>
              <strong>第 {current.version} 版</strong>
              <OfferStatusTag offer={current} />
              <span className="muted">
                {SIDE_LABELS[current.side]}提出 · {formatDate(current.createdAt, true)}
              </span>
            </Space>
            <Space size={4} wrap className="nego-accepts">
              {current.acceptedByPoster ? <Tag color="green">发榜方已接受</Tag> : null}
              {current.acceptedByApplicant ? <Tag color="green">揭榜方已接受</Tag> : null}
            </Space>
          </div>
          <OfferTermsView offer={current} />
          {current.status === 'rejected' && current.reason ? (
            <div className="row-reason">拒绝理由：{current.reason}</div>
          ) : null}
          {canAnswer && open ? (
            <Space className="nego-offer-actions" wrap>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => accept(open)} data-testid="offer-accept">
                接受
              </Button>
              <Button danger icon={<CloseOutlined />} onClick={() => reject(open)} data-testid="offer-reject">
                拒绝
              </Button>
              <Button
                icon={<SwapOutlined />}
                onClick={() => setForm({ title: `还价(基于第 ${open.version} 版)`, initial: terms(open) })}
                data-testid="offer-counter"
              >
                还价
              </Button>
            </Space>
          ) : null}
          {open && mySide && open.side === mySide ? (
            <div className="muted nego-hint">
              等待{SIDE_LABELS[open.side === 'poster' ? 'applicant' : 'poster']}答复
            </div>
          ) : null}
        </div>
      ) : (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={mySide ? '尚无报价，可点击“提出报价”' : '双方尚未提出报价'}
        />
      )}

      {history.length > 1 ? (
        <>
          <h3 className="section-title">报价历史</h3>
          <Timeline
            className="nego-history"
            data-testid="offer-history"
            items={history.map((o) => {
              const prev = offers.find((p) => p.version === o.version - 1);
              const changed = changes(o, prev);
              return {
                key: o.id,
                color:
                  o.status === 'accepted'
                    ? 'green'
                    : o.status === 'rejected'
                      ? 'red'
                      : o.status === 'open'
                        ? 'blue'
                        : 'gray',
                content: (
                  <div data-testid="offer-version" data-version={o.version} data-status={o.status}>
                    <Space size={6} wrap>
                      <strong>第 {o.version} 版</strong>
                      <OfferStatusTag offer={o} />
                      <span className="muted">{SIDE_LABELS[o.side]}</span>
                    </Space>
                    <div>
                      {DEAL_FORM_LABELS[o.terms.dealForm] ?? o.terms.dealForm} ·{' '}
                      {formatMoney(o.terms.amountFen, 'offer')} · {o.terms.durationMonths} 个月
                    </div>
                    {changed.length ? <div className="muted">变更：{changed.join('、')}</div> : null}
                    {o.reason ? <div className="row-reason">理由：{o.reason}</div> : null}
                    <div className="muted">{formatDate(o.createdAt, true)}</div>
                  </div>
                ),
              };
            })}
          />
        </>
      ) : null}

      <OfferForm
        open={!!form}
        title={form?.title ?? ''}
        initial={form?.initial}
        maxDuration={maxDurationMonths(negotiation.kind)}
        onSubmit={async (t, key) => {
          await onPropose(t, key);
        }}
        onClose={() => setForm(undefined)}
      />
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </Card>
  );
}
