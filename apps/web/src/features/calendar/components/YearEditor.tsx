/**
 * The editor of one year's State Council schedule: 文号 and 发布日期, then a month calendar limited to the year on
 * which a click marks a date 放假 (休), then 调休上班 (班), then ordinary again; the marked dates are listed below
 * (a tag closes to unmark). The lists are checked with the rule the API uses (`validateMaintainedYear`) before
 * saving; the API's refusal, if any, stays in the editor.
 */
import { validateMaintainedYear } from '@jiebang/policy';
import { Alert, Button, Calendar, DatePicker, Form, Input, Modal, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { errorText } from '../../../shared/lib/apiErrors';
import { nextMark, type CalendarYearDto, type DayMark } from '../lib/calendar';

/** What the editor saves. */
export interface YearInput {
  documentNo: string;
  publishedOn: string;
  holidays: string[];
  makeUpWorkdays: string[];
}

/** Props of `YearEditor`. */
export interface YearEditorProps {
  year: number;
  /** The stored year when correcting one; undefined when entering a new year. */
  initial?: CalendarYearDto;
  onSave: (input: YearInput) => Promise<void>;
  onClose: () => void;
}

const PROBLEM_TEXT = {
  INVALID_DATE: '日期无效',
  CALENDAR_DATE_OUTSIDE_YEAR: '不在该年度内',
  CALENDAR_DATE_CONFLICT: '既是放假又是调休上班',
} as const;

/** The modal editor. */
export function YearEditor({ year, initial, onSave, onClose }: YearEditorProps) {
  const [documentNo, setDocumentNo] = useState(initial?.documentNo ?? '');
  const [publishedOn, setPublishedOn] = useState<Dayjs | null>(
    initial?.publishedOn ? dayjs(initial.publishedOn) : null,
  );
  const [marks, setMarks] = useState<Map<string, DayMark>>(
    () =>
      new Map<string, DayMark>([
        ...(initial?.holidays ?? []).map((d) => [d, 'holiday'] as [string, DayMark]),
        ...(initial?.makeUpWorkdays ?? []).map((d) => [d, 'workday'] as [string, DayMark]),
      ]),
  );
  const [month, setMonth] = useState<Dayjs>(() => dayjs(`${year}-01-01`));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [touched, setTouched] = useState(false);

  const holidays = useMemo(
    () =>
      [...marks]
        .filter(([, m]) => m === 'holiday')
        .map(([d]) => d)
        .sort(),
    [marks],
  );
  const makeUpWorkdays = useMemo(
    () =>
      [...marks]
        .filter(([, m]) => m === 'workday')
        .map(([d]) => d)
        .sort(),
    [marks],
  );

  const toggle = (date: string) =>
    setMarks((prev) => {
      const next = new Map(prev);
      const m = nextMark(prev.get(date));
      if (m) next.set(date, m);
      else next.delete(date);
      return next;
    });
  const unmark = (date: string) =>
    setMarks((prev) => {
      const next = new Map(prev);
      next.delete(date);
      return next;
    });

  const missing = [!documentNo.trim() ? '文号' : null, !publishedOn ? '发布日期' : null].filter(Boolean);
  const problems = validateMaintainedYear({ year, holidays, makeUpWorkdays });

  const save = async () => {
    setTouched(true);
    setFailure(undefined);
    if (missing.length || problems.length || !publishedOn) return;
    setSaving(true);
    try {
      await onSave({
        documentNo: documentNo.trim(),
        publishedOn: publishedOn.format('YYYY-MM-DD'),
        holidays,
        makeUpWorkdays,
      });
    } catch (err) {
      setFailure(errorText(err, '保存失败，请稍后重试'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`${initial ? '修改' : '录入'} ${year} 年节假日安排`}
      onCancel={onClose}
      onOk={() => void save()}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      width={720}
      okButtonProps={{ 'data-testid': 'calendar-save' } as never}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label="通知文号"
          required
          validateStatus={touched && !documentNo.trim() ? 'error' : undefined}
          help={touched && !documentNo.trim() ? '请填写国务院办公厅通知的文号' : undefined}
        >
          <Input
            value={documentNo}
            maxLength={100}
            placeholder="如 国办发明电〔2026〕7号"
            onChange={(e) => setDocumentNo(e.target.value)}
            data-testid="calendar-document-no"
          />
        </Form.Item>
        <Form.Item
          label="发布日期"
          required
          validateStatus={touched && !publishedOn ? 'error' : undefined}
          help={touched && !publishedOn ? '请选择通知的发布日期' : undefined}
        >
          <DatePicker
            value={publishedOn}
            onChange={(d) => setPublishedOn(d)}
            placeholder="选择日期"
            data-testid="calendar-published-on"
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" className="calendar-editor-hint">
        点击日期标记:第一次为<Tag color="red">休</Tag>放假,第二次为<Tag color="blue">班</Tag>调休上班,第三次取消。
        未标记的日期按周一至周五上班、周六周日休息计算。
      </Typography.Paragraph>
      <div className="calendar-editor" data-testid="calendar-editor">
        <Calendar
          fullscreen={false}
          value={month}
          validRange={[dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]}
          onPanelChange={(d) => setMonth(d)}
          onSelect={(d, info) => {
            setMonth(d);
            if (info.source === 'date') toggle(d.format('YYYY-MM-DD'));
          }}
          fullCellRender={(current, info) => {
            if (info.type !== 'date') return info.originNode;
            const iso = current.format('YYYY-MM-DD');
            const m = marks.get(iso);
            return (
              <div
                className={`ant-picker-cell-inner calendar-cell${m ? ` calendar-cell-${m}` : ''}`}
                data-testid={`calendar-day-${iso}`}
                data-mark={m ?? ''}
              >
                {current.date()}
                {m ? <span className="calendar-mark">{m === 'holiday' ? '休' : '班'}</span> : null}
              </div>
            );
          }}
        />
      </div>
      <div className="calendar-lists">
        <div data-testid="calendar-holidays">
          <Typography.Text strong>放假({holidays.length} 天):</Typography.Text>
          {holidays.length ? (
            holidays.map((d) => (
              <Tag key={d} color="red" closable onClose={() => unmark(d)}>
                {d}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">尚未标记</Typography.Text>
          )}
        </div>
        <div data-testid="calendar-workdays">
          <Typography.Text strong>调休上班({makeUpWorkdays.length} 天):</Typography.Text>
          {makeUpWorkdays.length ? (
            makeUpWorkdays.map((d) => (
              <Tag key={d} color="blue" closable onClose={() => unmark(d)}>
                {d}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">尚未标记</Typography.Text>
          )}
        </div>
      </div>
      {problems.length ? (
        <Alert type="error" showIcon title={problems.map((p) => `${p.date} ${PROBLEM_TEXT[p.code]}`).join(';')} />
      ) : null}
      {touched && missing.length ? (
        <Alert type="error" showIcon title={`请填写${missing.join('和')}`} data-testid="calendar-missing" />
      ) : null}
      {failure ? <Alert type="error" showIcon title={failure} data-testid="calendar-error" /> : null}
      <Button type="link" onClick={() => setMarks(new Map())} disabled={!marks.size}>
        清除全部标记
      </Button>
    </Modal>
  );
}
