/**
 * The one-time password of a new account or a reset, shown this once with a copy button: the administrator
 * hands it to the user, who must set a password of its own at the first login.
 */
import { Alert, Modal, Typography } from 'antd';
import type { OneTimePasswordDto } from '../lib/users';

/** Props of `OneTimePasswordModal`. */
export interface OneTimePasswordModalProps {
  /** The account and its password; the modal is closed while null. */
  value: OneTimePasswordDto | null;
  /** What happened, e.g. `账号已创建` or `密码已重置`. */
  title: string;
  onClose: () => void;
}

/** Shows the one-time password once. */
export function OneTimePasswordModal({ value, title, onClose }: OneTimePasswordModalProps) {
  return (
    <Modal
      open={!!value}
      title={title}
      onCancel={onClose}
      onOk={onClose}
      okText="我已记下"
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      {value ? (
        <div data-testid="one-time-password-modal">
          <p>
            用户名:<Typography.Text strong>{value.user.username}</Typography.Text>({value.user.displayName})
          </p>
          <p>
            一次性密码:
            <Typography.Text code copyable={{ text: value.oneTimePassword }} data-testid="one-time-password">
              {value.oneTimePassword}
            </Typography.Text>
          </p>
          <Alert
            type="warning"
            showIcon
            title="一次性密码只显示这一次,关闭后无法再查看"
            description="请通过安全的方式交给本人。对方首次登录后须立即设置自己的新密码。"
          />
        </div>
      ) : null}
    </Modal>
  );
}
