/**
 * The recommender's decision on an item awaiting it (issue 15 §4, §6; `001 §19`, `003 §20`, `§30`): the carrier's
 * 所辖盟市科技局 / 组织单位 writes its 审核意见 (at least 2 characters, as `RecommenderDecisionDto` asks) and agrees
 * (审核同意, the item goes on to staff) or returns it (退回) — each after a confirmation, since neither can be undone.
 * The caller says what is decided: the request (`onDecide`), the confirmation texts and the success texts; this
 * component keeps the note, the checks, the refusal shown as the server words it, and clears the note on success.
 * Used for major changes (`ChangesPanel`) and the 考核申请 (`EstablishmentRequestsPanel`).
 */
import { App, Button, Input, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { errorText } from '../../../shared/lib/apiErrors';

/** The shortest 审核意见 the server accepts (`RecommenderDecisionDto.note`: `IsNotBlank(2)`). */
export const RECOMMENDER_NOTE_MIN = 2;

/** Props of `RecommenderDecision`. */
export interface RecommenderDecisionProps {
  /** Sends the decision (`agree`, the trimmed note) and refreshes what shows it; rejects with the server's refusal. */
  onDecide(agree: boolean, note: string): Promise<unknown>;
  /** The confirmation before agreeing (what happens next; that it cannot be undone). */
  agreeConfirm: string;
  /** The confirmation before returning. */
  returnConfirm: string;
  /** Shown once agreed. */
  agreedText: string;
  /** Shown once returned. */
  returnedText: string;
  /** `data-testid` prefix: `<prefix>-note`, `<prefix>-agree`, `<prefix>-return`. */
  testIdPrefix: string;
}

/** A 审核意见 box with 审核同意 / 退回, each confirmed first. */
export function RecommenderDecision({
  onDecide,
  agreeConfirm,
  returnConfirm,
  agreedText,
  returnedText,
  testIdPrefix,
}: RecommenderDecisionProps) {
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const run = async (agree: boolean) => {
    if (note.trim().length < RECOMMENDER_NOTE_MIN) {
      message.error(`请填写审核意见(不少于 ${RECOMMENDER_NOTE_MIN} 个字)`);
      return;
    }
    setPending(true);
    try {
      await onDecide(agree, note.trim());
      setNote('');
      message.success(agree ? agreedText : returnedText);
    } catch (e) {
      message.error(errorText(e, '操作失败'));
    } finally {
      setPending(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="审核意见"
        aria-label="审核意见"
        data-testid={`${testIdPrefix}-note`}
      />
      <Space wrap>
        <Popconfirm title={agreeConfirm} onConfirm={() => void run(true)}>
          <Button type="primary" loading={pending} data-testid={`${testIdPrefix}-agree`}>
            审核同意
          </Button>
        </Popconfirm>
        <Popconfirm title={returnConfirm} okButtonProps={{ danger: true }} onConfirm={() => void run(false)}>
          <Button danger disabled={pending} data-testid={`${testIdPrefix}-return`}>
            退回
          </Button>
        </Popconfirm>
      </Space>
    </Space>
  );
}
