/**
 * 工作台 of institute and enterprise users (`/workspace/*`): 我的榜单, 发布榜单 (the posting form, at
 * `/workspace/listings/new` and `/workspace/listings/:id/edit`) and 我的揭榜申报 (`/workspace?tab=applications`).
 */
import { AppstoreOutlined } from '@ant-design/icons';
import { Card, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { MyApplications } from '../components/pipeline/MyApplications';
import { editListingPath, MyListings } from '../components/pipeline/MyListings';
import { ListingForm } from '../components/pipeline/ListingForm';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

type WorkspaceTab = 'listings' | 'post' | 'applications';

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
  const tab: WorkspaceTab = form ? 'post' : params.get('tab') === 'applications' ? 'applications' : 'listings';
  useDocumentTitle(tab === 'post' ? (routeId ? '编辑榜单' : '发布榜单') : '工作台');

  // The draft created by the form's first autosave moves the URL to its edit route: the same form stays.
  const [createdId, setCreatedId] = useState<string>();
  useEffect(() => {
    if (tab !== 'post') setCreatedId(undefined);
  }, [tab]);
  const formKey = !routeId || routeId === createdId ? 'new' : `edit:${routeId}`;

  const onTab = (key: string) => {
    if (key === 'post') navigate('/workspace/listings/new');
    else if (key === 'applications') navigate('/workspace?tab=applications');
    else navigate('/workspace');
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
                  navigate(editListingPath(l.id), { replace: true });
                }}
                onSubmitted={() => navigate('/workspace')}
              />
            ),
          },
          { key: 'applications', label: '我的揭榜申报', children: <MyApplications /> },
        ]}
      />
    </Card>
  );
}
