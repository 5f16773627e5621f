/** 已认证 / 待认证 tag of an organisation. */
import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import type { OrganizationDto } from '@jiebang/contracts';
import { Tag, Tooltip } from 'antd';
import { formatDate } from '../../../shared/lib/format';

/** Green 已认证 (with the time in a tooltip) or orange 待认证. */
export function VerifiedTag({ org }: { org: Pick<OrganizationDto, 'verified' | 'verifiedAt'> }) {
  if (org.verified) {
    const at = formatDate(org.verifiedAt, true);
    return (
      <Tooltip title={at ? `认证时间 ${at}` : undefined}>
        <Tag color="success" icon={<SafetyCertificateOutlined />} data-testid="verified-tag">
          已认证
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Tag color="warning" icon={<WarningOutlined />} data-testid="unverified-tag">
      待认证
    </Tag>
  );
}
