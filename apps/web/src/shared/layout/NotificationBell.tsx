/**
 * 站内通知 in the header: a bell with the unread count (`GET /notifications`, polled every 30 s and on each
 * navigation), a dropdown list (newest first) and mark-as-read (`POST /notifications/:id/read`); an item with
 * a link opens it.
 */
import { BellOutlined } from '@ant-design/icons';
import type { NotificationDto } from '@jiebang/contracts';
import { Badge, Button, Empty, Popover } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { getNotifications, markNotificationRead } from '../../api/client';
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

function Bell() {
  const location = useLocation();
  const navigate = useNavigate();
  const [items, setItems] = useState<NotificationDto[]>([]);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);

  const load = useCallback(() => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    getNotifications(c.signal).then(
      (list) => {
        if (c.signal.aborted) return;
        setItems(list);
        setFailed(false);
      },
      () => {
        if (!c.signal.aborted) setFailed(true);
      },
    );
  }, []);

  // On every navigation, and every 30 s while the page is visible.
  useEffect(() => {
    load();
  }, [load, location.pathname, location.search]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) load();
    }, NOTIFICATION_POLL_MS);
    return () => {
      clearInterval(timer);
      controller.current?.abort();
    };
  }, [load]);

  const unread = items.filter((n) => !n.readAt);

  const markRead = async (n: NotificationDto) => {
    if (n.readAt) return;
    const at = new Date().toISOString();
    setItems((list) => list.map((x) => (x.id === n.id ? { ...x, readAt: at } : x)));
    try {
      await markNotificationRead(n.id);
    } catch {
      load();
    }
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
    await Promise.allSettled(unread.map((n) => markNotificationRead(n.id)));
    load();
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
        if (o) load();
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
