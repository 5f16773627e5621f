/**
 * 节假日 (`/staff/calendar`, staff; issue 14 item 5): which calendar each year uses — 人工维护 (entered here from the
 * State Council's notice), 内置日历 (the `chinese-days` package) or 暂无安排 (weekends only: notice periods and due
 * dates reaching into it are 暂定) — and, for staff holding `MaintainCalendar` (管理员), 录入 / 修改 / 删除 a year
 * (`PUT` / `DELETE /api/v1/calendar/years/:year`; deleting asks for the year to be typed again).
 */
import { CalendarOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, Capability } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Card, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../../api/query';
import { useCan } from '../../../auth/useAuth';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { PageSpinner } from '../../../shared/components/PageSpinner';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { errorText } from '../../../shared/lib/apiErrors';
import { YearEditor, type YearInput } from '../components/YearEditor';
import { SOURCE_TAGS, type CalendarCoverageDto, type CalendarYearDto } from '../lib/calendar';
import '../calendar.css';

/** One row of the years table: the coverage of a year and, when maintained, its schedule. */
interface Row extends CalendarCoverageDto {
  maintained?: CalendarYearDto;
}

/** The page. */
export function CalendarPage() {
  useDocumentTitle('节假日安排');
  const can = useCan();
  const maintain = can(Capability.MaintainCalendar);
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  // The years list and every year (the app's calendar sync reads the list too).
  const refresh = () =>
    Promise.all(
      ['/api/v1/calendar/years', '/api/v1/calendar/years/{year}'].map((p) =>
        queryClient.invalidateQueries({ queryKey: ['get', p] }),
      ),
    );
  const years = $api.useQuery('get', '/api/v1/calendar/years');
  const put = $api.useMutation('put', '/api/v1/calendar/years/{year}');
  const remove = $api.useMutation('delete', '/api/v1/calendar/years/{year}');
  const [editing, setEditing] = useState<{ year: number; initial?: CalendarYearDto }>();
  const [picking, setPicking] = useState<number | null>();
  const [deleting, setDeleting] = useState<{ year: number; typed: string; error?: string }>();

  if (years.isPending) return <PageSpinner />;
  if (years.isError) return <ErrorResult error={years.error} onRetry={() => void years.refetch()} />;

  const byYear = new Map(years.data.years.map((y) => [y.year, y]));
  const rows: Row[] = years.data.coverage.map((c) => ({ ...c, maintained: byYear.get(c.year) }));
  const provisional = rows.filter((r) => r.provisional).map((r) => r.year);

  const save = async (year: number, input: YearInput) => {
    await put.mutateAsync({ params: { path: { year } }, body: input });
    await refresh();
    message.success(`${year} 年节假日安排已保存`);
    setEditing(undefined);
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await remove.mutateAsync({
        params: { path: { year: deleting.year }, query: { confirm: deleting.typed.trim() } },
      });
      await refresh();
      message.success(`已删除 ${deleting.year} 年的节假日安排`);
      setDeleting(undefined);
    } catch (err) {
      setDeleting({ ...deleting, error: errorText(err, '删除失败，请稍后重试') });
    }
  };

  return (
    <Card
      data-testid="calendar-page"
      title={
        <Space>
          <CalendarOutlined />
          <Typography.Title level={4} className="calendar-title">
            节假日安排
          </Typography.Title>
        </Space>
      }
      extra={
        maintain ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPicking(null)} data-testid="calendar-add">
            录入年度
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        公示期、办理时限和提醒按工作日计算。每年国务院办公厅发布节假日安排通知后,请在此录入放假和调休上班日期;
        内置日历缺少或有误的年度以此处录入为准。
      </Typography.Paragraph>
      {provisional.length ? (
        <Alert
          type="warning"
          showIcon
          className="calendar-alert"
          data-testid="calendar-provisional"
          title={`${provisional.join('、')} 年尚无节假日安排:这些年份只按周末计算,涉及的公示期和时限为暂定。`}
        />
      ) : null}
      <Table<Row>
        rowKey="year"
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        data-testid="calendar-years"
        columns={[
          { title: '年度', dataIndex: 'year', render: (y: number) => `${y} 年` },
          {
            title: '日历来源',
            dataIndex: 'source',
            render: (s: Row['source'], r) => (
              <Tag color={SOURCE_TAGS[s].color} data-testid={`calendar-source-${r.year}`}>
                {SOURCE_TAGS[s].text}
              </Tag>
            ),
          },
          {
            title: '通知文号 / 发布日期',
            render: (_: unknown, r) =>
              r.maintained ? (
                <span>
                  {r.maintained.documentNo}
                  <Typography.Text type="secondary"> · {r.maintained.publishedOn}</Typography.Text>
                </span>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: '放假 / 调休上班',
            render: (_: unknown, r) =>
              r.maintained ? `${r.maintained.holidays.length} 天 / ${r.maintained.makeUpWorkdays.length} 天` : '—',
          },
          ...(maintain
            ? [
                {
                  title: '操作',
                  render: (_: unknown, r: Row) => (
                    <Space wrap>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing({ year: r.year, initial: r.maintained })}
                        data-testid={`calendar-edit-${r.year}`}
                      >
                        {r.maintained ? '修改' : '录入'}
                      </Button>
                      {r.maintained ? (
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => setDeleting({ year: r.year, typed: '' })}
                          data-testid={`calendar-delete-${r.year}`}
                        >
                          删除
                        </Button>
                      ) : null}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {!maintain ? (
        <Typography.Paragraph type="secondary" className="calendar-readonly">
          录入和修改节假日安排需要“维护节假日”权限(管理员)。
        </Typography.Paragraph>
      ) : null}
      {picking !== undefined ? (
        <Modal
          open
          title="录入哪一年?"
          okText="下一步"
          cancelText="取消"
          onCancel={() => setPicking(undefined)}
          okButtonProps={{ disabled: !picking }}
          onOk={() => {
            if (!picking) return;
            setEditing({ year: picking, initial: byYear.get(picking) });
            setPicking(undefined);
          }}
        >
          <InputNumber
            min={CALENDAR_MIN_YEAR}
            max={CALENDAR_MAX_YEAR}
            precision={0}
            value={picking}
            onChange={(v) => setPicking(typeof v === 'number' ? v : null)}
            placeholder="如 2027"
            data-testid="calendar-pick-year"
          />
        </Modal>
      ) : null}
      {editing ? (
        <YearEditor
          year={editing.year}
          initial={editing.initial}
          onSave={(input) => save(editing.year, input)}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      {deleting ? (
        <Modal
          open
          title={`删除 ${deleting.year} 年的节假日安排?`}
          okText="删除"
          okButtonProps={{ danger: true, disabled: deleting.typed.trim() !== String(deleting.year) }}
          cancelText="取消"
          confirmLoading={remove.isPending}
          onCancel={() => setDeleting(undefined)}
          onOk={() => void confirmDelete()}
        >
          <Typography.Paragraph>
            删除后该年度改按内置日历计算;内置日历也没有该年度时只按周末计算,相关公示期和时限变为暂定。此操作会记入审计日志。
          </Typography.Paragraph>
          <Typography.Paragraph>请输入年份 {deleting.year} 以确认:</Typography.Paragraph>
          <Input
            value={deleting.typed}
            onChange={(e) => setDeleting({ ...deleting, typed: e.target.value, error: undefined })}
            data-testid="calendar-delete-confirm"
          />
          {deleting.error ? <Alert type="error" showIcon title={deleting.error} className="calendar-alert" /> : null}
        </Modal>
      ) : null}
    </Card>
  );
}
