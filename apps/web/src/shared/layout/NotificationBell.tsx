/**
 * 站内通知 in the header: a bell with the unread count (`GET /notifications`, a query refetched every 30 s while
 * the page is visible and on each navigation), a dropdown list (newest first) and mark-as-read
 * (`POST /notifications/:id/read`, shown at once and then refetched); an item with a link opens it.
 */
import { BellOutlined } from '@ant-design/icons';
import type { NotificationDto } from '@jiebang/contracts';
import { Badge, Button, Empty, Popover } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/http';
import { $api, invalidate } from '../../api/query';
import { useAuth } from '../../auth/useAuth';
import { formatDate } from '../lib/format';

/** Poll interval. */
export const NOTIFICATION_POLL_MS = 30_000;
/** Most items listed in the dropdown. */
const MAX_SHOWN = 20;

/** The bell (signed-in users only). */
export function NotificationBell() {
  const { user } = useAuth();
  if (!user) return null;
  return <Bell key={user.id} />;
}

/** In-app link of a notification (`/…` only), or `undefined`. */
function internalLink(link: string | null): string | undefined {
  if (!link) return undefined;
  if (link.startsWith('/') && !link.startsWith('//')) return link;
  try {
    const url = new URL(link);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : undefined;
  } catch {
    return undefined;
  }
}

/** Marks one notification read on the server. */
function markNotificationRead(id: string): Promise<void> {
  return unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })).then(() => undefined);
}

/** The bell and its dropdown. */
function Bell() {
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // Read locally at once (the server's answer follows with the next refetch).
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(() => new Set());
  const list = $api.useQuery('get', '/api/v1/notifications', undefined, {
    refetchInterval: NOTIFICATION_POLL_MS,
    refetchIntervalInBackground: false,
  });
  const { refetch } = list;
  const items = (list.data ?? []).map((n) => (n.readAt || !readHere.has(n.id) ? n : { ...n, readAt: 'now' }));
  const failed = list.isError;

  // A navigation may follow an action that notified someone: look again (the first look is the query's own).
  const here = `${location.pathname}${location.search}`;
  const lastLook = useRef(here);
  useEffect(() => {
    if (lastLook.current === here) return;
    lastLook.current = here;
    void refetch();
  }, [refetch, here]);

  const unread = items.filter((n) => !n.readAt);

  const markRead = async (n: NotificationDto) => {
    if (n.readAt) return;
    setReadHere((s) => new Set(s).add(n.id));
    await markNotificationRead(n.id).catch(() =>
      // Not marked on the server: show it unread again.
      setReadHere((s) => new Set([...s].filter((id) => id !== n.id))),
    );
    await invalidate('/api/v1/notifications');
  };

  const openItem = (n: NotificationDto) => {
    void markRead(n);
    const to = internalLink(n.link);
    if (to) {
      setOpen(false);
      void navigate(to);
    }
  };

  const markAll = async () => {
    setReadHere((s) => new Set([...s, ...unread.map((n) => n.id)]));
    await Promise.allSettled(unread.map((n) => markNotificationRead(n.id)));
    await invalidate('/api/v1/notifications');
  };

  const content = (
    <div className="notification-panel" data-testid="notification-panel">
      <div className="notification-panel-head">
        <strong>站内通知</strong>
        {unread.length ? (
          <Button type="link" size="small" onClick={() => void markAll()} data-testid="notification-read-all">
            全部标为已读
          </Button>
        ) : null}
      </div>
      {failed && !items.length ? <div className="muted notification-empty">通知加载失败，稍后自动重试</div> : null}
      {!failed && !items.length ? (
        <Empty className="notification-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : null}
      <ul className="notification-list">
        {items.slice(0, MAX_SHOWN).map((n) => (
          <li
            key={n.id}
            className={n.readAt ? 'notification-item' : 'notification-item notification-unread'}
            data-testid="notification-item"
            data-read={String(!!n.readAt)}
          >
            <button type="button" className="notification-open" onClick={() => openItem(n)}>
              <span className="notification-title">{n.title}</span>
              <span className="notification-body">{n.body}</span>
              <span className="notification-time muted">{formatDate(n.at, true)}</span>
            </button>
            {!n.readAt ? (
              <Button
                type="link"
                size="small"
                className="notification-mark"
                onClick={() => void markRead(n)}
                data-testid="notification-mark-read"
              >
                标为已读
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) void refetch();
      }}
      arrow={false}
    >
      <button
        type="button"
        className="notification-bell"
        aria-label={unread.length ? `站内通知，${unread.length} 条未读` : '站内通知'}
        data-testid="notification-bell"
        data-unread={unread.length}
      >
        <Badge count={unread.length} size="small" overflowCount={99}>
          <BellOutlined className="notification-bell-icon" />
        </Badge>
      </button>
    </Popover>
  );
}
