/** The 榜单公告 section: list-level announcements from `GET /api/v1/announcements`. */
import { LinkOutlined, NotificationOutlined } from '@ant-design/icons';
import { FIELD_LABELS, type AnnouncementDto } from '@jiebang/contracts';
import { Alert, Button, Card, Empty, Skeleton, Tag } from 'antd';
import { $api } from '../../../api/query';
import { regionLabel } from '../../../shared/lib/format';
import { KindTag } from '../../../shared/components/tags';

/** Short display text of a source URL (host + path start). */
function linkText(url: string): string {
  try {
    const u = new URL(url);
    const rest = u.pathname === '/' ? '' : u.pathname;
    const text = `${u.host}${rest}`;
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  } catch {
    return url;
  }
}

/** External source links (opened in a new tab). */
export function SourceLinks({ urls }: { urls: string[] }) {
  if (urls.length === 0) return null;
  return (
    <ul className="source-links">
      {urls.map((url) => (
        <li key={url}>
          <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
            <LinkOutlined /> {linkText(url)}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** One announcement. */
function AnnouncementItem({ a }: { a: AnnouncementDto }) {
  const region = regionLabel(a.regionCode);
  return (
    <li className="announcement" data-testid="announcement">
      <div className="announcement-head">
        <span className="announcement-title">{a.title}</span>
        <span className="announcement-tags">
          <KindTag kind={a.kind} />
          {a.field ? <Tag color="cyan">{FIELD_LABELS[a.field] ?? a.field}</Tag> : null}
          {a.sourceYear ? <Tag>{a.sourceYear} 年</Tag> : null}
        </span>
      </div>
      <div className="announcement-meta">
        发布单位：{a.issuer}
        {region ? <span className="muted"> · {region}</span> : null}
      </div>
      {a.note ? <p className="announcement-note">{a.note}</p> : null}
      <SourceLinks urls={a.sourceUrls} />
    </li>
  );
}

/** Fetches and lists the announcements, with its own loading, error and empty states. */
export function AnnouncementList() {
  const { data, error, refetch } = $api.useQuery('get', '/api/v1/announcements');

  let body;
  if (error) {
    body = (
      <Alert
        type="error"
        showIcon
        title="榜单公告加载失败"
        description={error.message}
        action={
          <Button size="small" onClick={() => void refetch()}>
            重试
          </Button>
        }
      />
    );
  } else if (!data) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (data.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无榜单公告" />;
  } else {
    body = (
      <ul className="announcement-list">
        {data.map((a) => (
          <AnnouncementItem key={a.id} a={a} />
        ))}
      </ul>
    );
  }

  return (
    <Card
      className="announcements"
      data-testid="announcements"
      title={
        <span>
          <NotificationOutlined /> 榜单公告
        </span>
      }
    >
      {body}
    </Card>
  );
}
