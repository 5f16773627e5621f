/**
 * 通知设置 (`/account/notifications`, signed in): where the platform's e-mails and text messages go (the account's
 * e-mail address and mobile number) and, per notification category (`NOTIFICATION_CATEGORIES`: 待办/审批, 洽谈,
 * 项目进度, 公示, 账号, 提醒), whether an e-mail goes out at once, in the daily digest (`digestAt`, Beijing time) or
 * not at all, and whether a text message goes out too. Reads and saves `GET`/`PUT /api/v1/notifications/preferences`
 * (issue 14 item 2); in-app notifications are always kept.
 */
import { BellOutlined } from '@ant-design/icons';
import {
  EMAIL_CHOICE_LABELS,
  EMAIL_CHOICES,
  NOTIFICATION_CATEGORY_LABELS,
  type EmailChoice,
  type NotificationCategory,
} from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Card, Form, Input, Radio, Space, Switch, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { $api, invalidate } from '../../../api/query';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { errorText } from '../../../shared/lib/apiErrors';

/** One category's row of the form. */
interface Choice {
  category: NotificationCategory;
  email: EmailChoice;
  sms: boolean;
}

interface Values {
  email: string;
  phone: string;
}

const PATH = '/api/v1/notifications/preferences';

/** The page. */
export function NotificationSettingsPage() {
  useDocumentTitle('通知设置');
  const { message } = AntdApp.useApp();
  const settings = $api.useQuery('get', PATH);
  const save = $api.useMutation('put', PATH);
  const [form] = Form.useForm<Values>();
  // The user's unsaved changes over the loaded choices.
  const [edits, setEdits] = useState<Partial<Record<NotificationCategory, Choice>>>({});
  const [error, setError] = useState<string>();
  const data = settings.data;
  const choices: Choice[] = (data?.preferences ?? []).map((p) => edits[p.category] ?? { ...p });

  const change = (category: NotificationCategory, patch: Partial<Choice>) => {
    const current = choices.find((c) => c.category === category);
    if (current) setEdits((e) => ({ ...e, [category]: { ...current, ...patch } }));
  };

  const onFinish = async (v: Values) => {
    setError(undefined);
    try {
      await save.mutateAsync({
        body: { email: v.email?.trim() || null, phone: v.phone?.trim() || null, preferences: choices },
      });
      await invalidate(PATH);
      setEdits({});
      message.success('通知设置已保存');
    } catch (err) {
      setError(errorText(err, '保存失败,请稍后重试'));
    }
  };

  return (
    <Card
      className="staff-card"
      data-testid="notification-settings-page"
      loading={settings.isLoading}
      title={
        <span>
          <BellOutlined /> 通知设置
        </span>
      }
    >
      {settings.error ? (
        <ApiErrorView error={settings.error} onRetry={() => void settings.refetch()} title="通知设置加载失败" />
      ) : data ? (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          initialValues={{ email: data.email ?? '', phone: data.phone ?? '' }}
        >
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Alert
              type="info"
              showIcon
              title="站内通知始终保留;这里选择哪些通知另外通过邮件或短信发给您"
              description={`"每日汇总"的通知在每天北京时间 ${data.digestAt} 合并为一封邮件发送,只列出尚未阅读的通知。`}
            />
            {!data.emailEnabled && (
              <Alert
                type="warning"
                showIcon
                data-testid="email-disabled"
                title="平台暂未开通邮件发送,您的选择会保存,开通后生效"
              />
            )}
            {data.emailEnabled && !data.email && (
              <Alert type="warning" showIcon data-testid="no-email" title="请填写电子邮箱,否则收不到通知邮件" />
            )}
            {error && <Alert type="error" showIcon title={error} data-testid="settings-error" />}
            <Form.Item
              name="email"
              label="电子邮箱"
              rules={[
                { type: 'email', message: '电子邮箱格式不正确,例如 name@example.org' },
                { max: 200, message: '电子邮箱不能超过 200 个字符' },
              ]}
            >
              <Input inputMode="email" autoComplete="email" placeholder="例如 name@example.org" allowClear />
            </Form.Item>
            <Form.Item
              name="phone"
              label="手机号码(接收短信)"
              rules={[{ pattern: /^1[3-9]\d{9}$/, message: '手机号码应为 11 位数字,例如 13800000000' }]}
              extra={data.smsEnabled ? undefined : '平台暂未开通短信发送'}
            >
              <Input inputMode="tel" autoComplete="tel" placeholder="11 位手机号码" allowClear />
            </Form.Item>
            <Table<Choice>
              rowKey="category"
              size="small"
              pagination={false}
              dataSource={choices}
              scroll={{ x: 'max-content' }}
              onRow={(c) => ({ 'data-testid': `pref-${c.category}` }) as HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: '通知类别',
                  key: 'category',
                  render: (_: unknown, c) => (
                    <div style={{ minWidth: 96, maxWidth: 220 }}>
                      <Typography.Text strong>{NOTIFICATION_CATEGORY_LABELS[c.category].label}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {NOTIFICATION_CATEGORY_LABELS[c.category].hint}
                      </Typography.Text>
                    </div>
                  ),
                },
                {
                  title: '邮件',
                  key: 'email',
                  render: (_: unknown, c) => (
                    <Radio.Group
                      size="small"
                      optionType="button"
                      value={c.email}
                      aria-label={`${NOTIFICATION_CATEGORY_LABELS[c.category].label}邮件`}
                      onChange={(e) => change(c.category, { email: e.target.value as EmailChoice })}
                      options={EMAIL_CHOICES.map((v) => ({ value: v, label: EMAIL_CHOICE_LABELS[v] }))}
                    />
                  ),
                },
                {
                  title: '短信',
                  key: 'sms',
                  render: (_: unknown, c) => (
                    <Switch
                      size="small"
                      checked={c.sms}
                      disabled={!data.smsEnabled}
                      aria-label={`${NOTIFICATION_CATEGORY_LABELS[c.category].label}短信`}
                      onChange={(sms) => change(c.category, { sms })}
                    />
                  ),
                },
              ]}
            />
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-settings">
              保存设置
            </Button>
          </Space>
        </Form>
      ) : null}
    </Card>
  );
}
