/**
 * 工作台 of institute and enterprise users (`/workspace/*`): 我的榜单, 发布榜单 (the posting form, at
 * `/workspace/listings/new` and `/workspace/listings/:id/edit`), 我的揭榜申报 (`/workspace?tab=applications`) and
 * 洽谈 (`/workspace?tab=negotiations`, with the unread count as a badge).
 */
import { AppstoreOutlined } from '@ant-design/icons';
import { Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { MyNegotiations, totalUnread, useMyNegotiations } from '../../negotiations/components/MyNegotiations';
import { MyApplications } from '../../applications/components/MyApplications';
import { editListingPath, MyListings } from '../../listings/components/MyListings';
import { ListingForm } from '../../listings/components/ListingForm';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

type WorkspaceTab = 'listings' | 'post' | 'applications' | 'negotiations';

/** Tabs selected by `?tab=`. */
const QUERY_TABS: WorkspaceTab[] = ['applications', 'negotiations'];

/** What the part of the URL after `/workspace/` names: the posting form (new or of a listing), or nothing. */
export function parseWorkspacePath(rest: string): { form: boolean; id?: string } {
  if (/^listings\/new\/?$/.test(rest)) return { form: true };
  const edit = /^listings\/([^/]+)\/edit\/?$/.exec(rest);
  return edit ? { form: true, id: decodeURIComponent(edit[1]) } : { form: false };
}

/** The workspace page. */
export function WorkspacePage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { form, id: routeId } = parseWorkspacePath(useParams()['*'] ?? '');
  const queryTab = QUERY_TABS.find((t) => t === params.get('tab'));
  const tab: WorkspaceTab = form ? 'post' : (queryTab ?? 'listings');
  // Read here so that the tab shows the unread count; refetched whenever the tab is opened.
  const negotiations = useMyNegotiations();
  const unread = totalUnread(negotiations.data);
  useDocumentTitle(tab === 'post' ? (routeId ? '编辑榜单' : '发布榜单') : '工作台');

  // The draft created by the form's first autosave moves the URL to its edit route: the same form stays.
  const [createdId, setCreatedId] = useState<string>();
  // Leaving the post tab forgets that draft (state adjusted while rendering, not in an effect).
  const [seenTab, setSeenTab] = useState(tab);
  if (tab !== seenTab) {
    setSeenTab(tab);
    if (tab !== 'post') setCreatedId(undefined);
  }
  const formKey = !routeId || routeId === createdId ? 'new' : `edit:${routeId}`;

  const onTab = (key: string) => {
    if (key === 'post') void navigate('/workspace/listings/new');
    else if (key === 'applications') void navigate('/workspace?tab=applications');
    else if (key === 'negotiations') {
      void negotiations.refetch();
      void navigate('/workspace?tab=negotiations');
    } else void navigate('/workspace');
  };

  return (
    <Card
      className="staff-card workspace-card"
      data-testid="workspace"
      title={
        <span>
          <AppstoreOutlined /> 工作台
        </span>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={onTab}
        destroyOnHidden
        items={[
          { key: 'listings', label: '我的榜单', children: <MyListings /> },
          {
            key: 'post',
            label: routeId ? '编辑榜单' : '发布榜单',
            children: (
              <ListingForm
                key={formKey}
                listingId={formKey === 'new' ? undefined : routeId}
                backTo="/workspace"
                onCreated={(l) => {
                  setCreatedId(l.id);
                  void navigate(editListingPath(l.id), { replace: true });
                }}
                onSubmitted={() => navigate('/workspace')}
              />
            ),
          },
          { key: 'applications', label: '我的揭榜申报', children: <MyApplications /> },
          {
            key: 'negotiations',
            label: (
              <span data-testid="workspace-negotiations-tab">
                洽谈 <Badge count={unread} size="small" overflowCount={99} data-testid="negotiations-unread-total" />
              </span>
            ),
            children: <MyNegotiations />,
          },
        ]}
      />
    </Card>
  );
}
