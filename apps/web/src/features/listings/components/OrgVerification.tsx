/**
 * Whether the user's organisation may post or apply yet: a registration the 科技厅 has not verified is refused by
 * the API (发榜 and 揭榜 alike), so the forms say so up front instead of after the user has filled them in.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { $api } from '../../../api/query';

/** The user's organisation (`GET /organizations/{id}`), read only when `orgId` is set. */
export function useOwnOrganization(orgId: string | null | undefined) {
  return $api.useQuery(
    'get',
    '/api/v1/organizations/{id}',
    { params: { path: { id: orgId ?? '' } } },
    { enabled: !!orgId },
  );
}

/** What the organisation wanted to do. */
export type OrgAction = 'post' | 'apply';

/** Texts of the notice per action. */
const NOTICE: Record<OrgAction, { title: string; description: string }> = {
  post: {
    title: '本单位尚未通过科技厅认证，暂不能发布榜单',
    description: '单位注册信息经科技厅审核认证后方可发榜。请在单位档案中核对注册信息，或联系科技厅办理认证。',
  },
  apply: {
    title: '本单位尚未通过科技厅认证，暂不能揭榜',
    description: '单位注册信息经科技厅审核认证后方可提交揭榜申报。请在单位档案中核对注册信息，或联系科技厅办理认证。',
  },
};

/** The notice shown in place of the posting or application form while the organisation is not verified. */
export function OrgNotVerifiedNotice({ orgId, action }: { orgId: string; action: OrgAction }) {
  const text = NOTICE[action];
  return (
    <Alert
      type="warning"
      showIcon
      icon={<SafetyCertificateOutlined />}
      className="form-alert"
      data-testid="org-not-verified"
      data-action={action}
      title={text.title}
      description={
        <span>
          {text.description}
          <Link to={`/organizations/${encodeURIComponent(orgId)}`}>查看单位档案</Link>
        </span>
      }
    />
  );
}
