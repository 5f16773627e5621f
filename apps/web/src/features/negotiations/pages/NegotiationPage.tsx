/**
 * 洽谈室 (`/negotiations/:id`): the real-time room of a recommended application between the poster and the
 * applicant. Left the conversation with presence and typing; right the offers. A dropped connection shows a
 * banner until the room is re-joined with the last seq held (the missed messages are merged by seq); shown
 * messages are marked read. Staff brokers may pause, resume or close the room (with a reason).
 */
import {
  ArrowLeftOutlined,
  CloseCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Capability, type ListingKind, type NegotiationDto } from '@jiebang/contracts';
import { Alert, Badge, Button, Card, Col, Result, Row, Space, Spin, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { isStaff, useAuth, useCan } from '../../../auth/useAuth';
import { Conversation } from '../components/Conversation';
import { OfferPanel, type Side } from '../components/OfferPanel';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { KindTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { useNegotiationRoom, type NegotiationRoom } from '../hooks/useNegotiationRoom';
import { maxSeq, NEGOTIATION_STATUS_META, refusalStatus, SIDE_LABELS } from '../lib/negotiation';

/** Staff actions on a room (each with a required reason). */
type StaffAction = 'pause' | 'resume' | 'close';

/** Whether the page is visible (read marks are only sent for messages someone can see). */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/** The page; remounting the room (a new `key`) reconnects from scratch. */
export function NegotiationPage() {
  const { id = '' } = useParams();
  const [attempt, setAttempt] = useState(0);
  useDocumentTitle('洽谈室');
  return <NegotiationRoomView key={`${id}#${attempt}`} id={id} onRestart={() => setAttempt((n) => n + 1)} />;
}

/** The room of negotiation `id`. */
function NegotiationRoomView({ id, onRestart }: { id: string; onRestart: () => void }) {
  const { user } = useAuth();
  const room = useNegotiationRoom(id, user);
  const { state } = room;
  const n = state.negotiation;
  const visible = usePageVisible();
  const live = state.connection === 'live';
  const top = maxSeq(state.messages);
  const { markRead } = room;

  // Mark read once the messages are on screen (after render) and the page is visible.
  useEffect(() => {
    if (live && visible && top > 0) markRead(top);
  }, [live, visible, top, markRead]);

  if (state.connection === 'failed') {
    const failureStatus = refusalStatus(state.failure?.code ?? '');
    return (
      <Result
        status={failureStatus === 403 ? '403' : failureStatus === 404 ? '404' : 'error'}
        title="无法进入洽谈室"
        subTitle={state.failure?.message}
        data-testid="negotiation-error"
        data-code={state.failure?.code}
        extra={
          <Space>
            <Button type="primary" onClick={onRestart}>
              重新进入
            </Button>
            <Link to="/negotiations">返回洽谈列表</Link>
          </Space>
        }
      />
    );
  }
  if (state.connection === 'unauthorized') {
    return (
      <Result status="403" title="登录已过期" subTitle="请重新登录后进入洽谈室。" data-testid="negotiation-error" />
    );
  }
  if (!n || !user) {
    return (
      <div className="session-loading" data-testid="negotiation-loading">
        <Spin size="large" />
        <div className="muted">正在进入洽谈室…</div>
      </div>
    );
  }
  return <RoomLayout room={room} negotiation={n} />;
}

/** The loaded room. */
function RoomLayout({ room, negotiation: n }: { room: NegotiationRoom; negotiation: NegotiationDto }) {
  const { user } = useAuth();
  const can = useCan();
  const { state } = room;
  const me = user?.id ?? '';
  const [action, setAction] = useState<ActionConfig>();
  // The HTTP answer changes the room at once; the server's `room:status` broadcast follows (and invalidates).
  const pause = $api.useMutation('post', '/api/v1/negotiations/{id}/pause');
  const resume = $api.useMutation('post', '/api/v1/negotiations/{id}/resume');
  const close = $api.useMutation('post', '/api/v1/negotiations/{id}/close');
  const mySide: Side | null =
    user?.orgId && user.orgId === n.posterOrgId
      ? 'poster'
      : user?.orgId && user.orgId === n.applicantOrgId
        ? 'applicant'
        : null;
  const broker = can(Capability.BrokerNegotiations);
  const live = state.connection === 'live';
  const open = n.status === 'open';
  const canWrite = live && open && (mySide !== null || broker);
  const disabledReason = !live
    ? '连接已断开，正在重连…'
    : n.status === 'paused'
      ? '洽谈已暂停，暂不能发送消息'
      : n.status === 'closed'
        ? '洽谈已结束'
        : '您不能在此洽谈室发言';

  /** userId → display name, from presence and the messages (and me). */
  const names = useMemo(() => {
    const map = new Map<string, string>(Object.entries(state.names));
    for (const m of state.messages) if (m.senderName) map.set(m.senderUserId, m.senderName);
    if (user) map.set(user.id, user.displayName);
    return map;
  }, [state.messages, state.names, user]);
  const nameOf = (userId: string) => names.get(userId) ?? `用户 ${userId.slice(0, 6)}`;

  const participants = useMemo(() => {
    const ids = new Set<string>([me, ...state.online, ...names.keys()]);
    ids.delete('');
    const online = new Set(state.online);
    return [...ids].sort((a, b) => Number(online.has(b)) - Number(online.has(a)));
  }, [me, state.online, names]);

  const readByOthers = Object.entries(state.reads).reduce(
    (max, [userId, seq]) => (userId !== me && seq > max ? seq : max),
    0,
  );
  const typingNames = Object.keys(state.typing)
    .filter((u) => u !== me)
    .map(nameOf);

  const staffAction = (kind: StaffAction) => {
    const meta = {
      pause: { title: '暂停洽谈', ok: '确认暂停', text: '暂停后双方不能发送消息和报价，直至恢复。' },
      resume: { title: '恢复洽谈', ok: '确认恢复', text: '恢复后双方可继续洽谈。' },
      close: { title: '关闭洽谈', ok: '确认关闭', text: '关闭后洽谈室不能再恢复，双方将看到关闭理由。' },
    }[kind];
    setAction({
      title: meta.title,
      okText: meta.ok,
      danger: kind === 'close',
      reason: 'required',
      reasonLabel: '理由(双方可见)',
      description: <p>{meta.text}</p>,
      onConfirm: async ({ reason }) => {
        const mutation = { pause, resume, close }[kind];
        const updated = await mutation.mutateAsync({ params: { path: { id: n.id } }, body: { reason: reason ?? '' } });
        room.applyStatus(updated);
      },
    });
  };

  const status = NEGOTIATION_STATUS_META[n.status] ?? { label: n.status, color: 'default' };
  const agreementId = state.agreement?.agreementDraftId ?? n.agreementDraftId;
  // The deal opened from a draft agreed while the room was open: looked up once the draft exists (the
  // `agreement:drafted` event invalidates this query).
  const opened = $api.useQuery(
    'get',
    '/api/v1/applications/{id}/negotiation',
    { params: { path: { id: n.applicationId } } },
    { enabled: !!agreementId && !n.dealId },
  );
  const dealId = n.dealId ?? opened.data?.dealId;
  const agreedOffer =
    state.offers.find((o) => o.id === state.agreement?.offerId) ?? state.offers.find((o) => o.status === 'accepted');

  return (
    <div
      className="nego-page"
      data-testid="negotiation-room"
      data-negotiation-id={n.id}
      data-status={n.status}
      data-connection={state.connection}
    >
      <Card size="small" className="nego-head">
        <div className="nego-head-row">
          <div>
            <Link to="/negotiations" className="muted">
              <ArrowLeftOutlined /> 洽谈列表
            </Link>
            <h2 className="nego-title">
              <Link to={`/listings/${encodeURIComponent(n.listingId)}`}>{n.listingTitle}</Link>
            </h2>
            <Space size={6} wrap>
              <KindTag kind={n.kind as ListingKind} />
              <Tag color={status.color} data-testid="negotiation-status" data-status={n.status}>
                {status.label}
              </Tag>
              {mySide ? <span className="muted">我方：{SIDE_LABELS[mySide]}</span> : null}
              {!mySide && isStaff(user) ? <span className="muted">工作人员视角</span> : null}
            </Space>
          </div>
          {broker ? (
            <Space wrap>
              {n.status === 'open' ? (
                <Button
                  icon={<PauseCircleOutlined />}
                  onClick={() => staffAction('pause')}
                  data-testid="negotiation-pause"
                >
                  暂停
                </Button>
              ) : null}
              {n.status === 'paused' ? (
                <Button
                  icon={<PlayCircleOutlined />}
                  onClick={() => staffAction('resume')}
                  data-testid="negotiation-resume"
                >
                  恢复
                </Button>
              ) : null}
              {n.status !== 'closed' ? (
                <Button
                  danger
                  icon={<CloseCircleOutlined />}
                  onClick={() => staffAction('close')}
                  data-testid="negotiation-close"
                >
                  关闭
                </Button>
              ) : null}
            </Space>
          ) : null}
        </div>
      </Card>

      {state.connection === 'reconnecting' || state.connection === 'connecting' ? (
        <Alert
          type="warning"
          showIcon
          banner
          title="连接已断开,正在重连…"
          className="nego-banner"
          data-testid="reconnect-banner"
        />
      ) : null}
      {agreementId ? (
        <Alert
          type="success"
          showIcon
          className="nego-banner"
          data-testid="agreement-drafted"
          title={`双方已接受${agreedOffer ? `第 ${agreedOffer.version} 版` : '同一版'}报价，协议草稿已生成，洽谈已结束。`}
          description={
            dealId ? (
              <Link to={`/deals/${encodeURIComponent(dealId)}`} data-testid="deal-link">
                查看揭榜项目(协议审查、公示、签约与资金)
              </Link>
            ) : (
              '协议草稿已提交科技厅审查,审查后进入公示。'
            )
          }
        />
      ) : n.status === 'paused' ? (
        <Alert
          type="warning"
          showIcon
          className="nego-banner"
          data-testid="negotiation-paused"
          title="洽谈已被工作人员暂停"
          description={n.statusReason ? `理由：${n.statusReason}` : undefined}
        />
      ) : n.status === 'closed' ? (
        <Alert
          type="info"
          showIcon
          className="nego-banner"
          data-testid="negotiation-closed"
          title="洽谈已关闭"
          description={n.statusReason ? `理由：${n.statusReason}` : undefined}
        />
      ) : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small" title="洽谈消息" className="nego-chat-card">
            <Conversation
              negotiationId={n.id}
              myUserId={me}
              messages={state.messages}
              pending={state.pending}
              typingNames={typingNames}
              readByOthers={readByOthers}
              canWrite={canWrite}
              disabledReason={disabledReason}
              onSend={room.send}
              onRetry={room.retry}
              onDiscard={room.discard}
              onRetract={room.retract}
              onTyping={room.notifyTyping}
              onUploaded={room.addUploaded}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={`参与人员(在线 ${state.online.length})`} className="nego-presence">
            <ul className="nego-presence-list" data-testid="presence-list">
              {participants.map((u) => {
                const online = state.online.includes(u);
                return (
                  <li key={u} data-testid="presence-item" data-user-id={u} data-online={online ? 'true' : 'false'}>
                    <Badge status={online ? 'success' : 'default'} />
                    <UserOutlined />
                    <span>{u === me ? `${nameOf(u)}(我)` : nameOf(u)}</span>
                    <span className="muted">{online ? '在线' : '离线'}</span>
                  </li>
                );
              })}
            </ul>
          </Card>
          <OfferPanel
            negotiation={n}
            offers={state.offers}
            mySide={mySide}
            canAct={live && open}
            onPropose={room.propose}
            onRespond={(offerId, act, reason) => room.respond({ offerId, action: act, reason })}
          />
        </Col>
      </Row>
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </div>
  );
}
