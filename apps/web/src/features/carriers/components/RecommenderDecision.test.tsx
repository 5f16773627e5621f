import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/errors';
import { confirmPopup } from '../../../test/confirm';
import { renderWithProviders } from '../../../test/render';
import { RecommenderDecision } from './RecommenderDecision';

const TEXTS = {
  agreeConfirm: '同意后报科技厅组织考核,不能撤回。确定?',
  returnConfirm: '确定退回该考核申请?',
  agreedText: '已审核同意,报科技厅组织考核',
  returnedText: '已退回',
  testIdPrefix: 'rec',
};

/** Renders the decision with `onDecide`, writes `note` and clicks `button` (agree / return). */
function decide(onDecide: (agree: boolean, note: string) => Promise<unknown>, note: string, button: string) {
  renderWithProviders(<RecommenderDecision onDecide={onDecide} {...TEXTS} />);
  fireEvent.change(screen.getByTestId('rec-note'), { target: { value: note } });
  fireEvent.click(screen.getByTestId(button));
}

describe('RecommenderDecision (审核同意 / 退回, 001 §19, 003 §20, §30)', () => {
  it('agrees only after the confirmation, with the trimmed note; shows the success text and clears the note', async () => {
    const onDecide = vi.fn(() => Promise.resolve());
    decide(onDecide, '  材料齐全,同意报送  ', 'rec-agree');
    expect(await screen.findByText(TEXTS.agreeConfirm)).toBeTruthy();
    expect(onDecide).not.toHaveBeenCalled();
    await confirmPopup();
    await waitFor(() => expect(onDecide).toHaveBeenCalledWith(true, '材料齐全,同意报送'));
    expect(await screen.findByText(TEXTS.agreedText)).toBeTruthy();
    expect((screen.getByTestId('rec-note') as HTMLTextAreaElement).value).toBe('');
  });

  it('returns with its own confirmation and success text', async () => {
    const onDecide = vi.fn(() => Promise.resolve());
    decide(onDecide, '请补充总结报告', 'rec-return');
    expect(await screen.findByText(TEXTS.returnConfirm)).toBeTruthy();
    await confirmPopup();
    await waitFor(() => expect(onDecide).toHaveBeenCalledWith(false, '请补充总结报告'));
    expect(await screen.findByText(TEXTS.returnedText)).toBeTruthy();
  });

  it('refuses a note shorter than 2 characters without sending anything', async () => {
    const onDecide = vi.fn(() => Promise.resolve());
    decide(onDecide, ' 好 ', 'rec-agree');
    await confirmPopup();
    expect(await screen.findByText('请填写审核意见(不少于 2 个字)')).toBeTruthy();
    expect(onDecide).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal as it words it and keeps the note', async () => {
    const onDecide = vi.fn(() =>
      Promise.reject(
        new ApiError({ statusCode: 403, code: 'NOT_OWN_AUTHORITY', message: '该载体不属于本推荐部门(组织单位)' }),
      ),
    );
    decide(onDecide, '同意报送', 'rec-agree');
    await confirmPopup();
    expect(await screen.findByText('该载体不属于本推荐部门(组织单位)')).toBeTruthy();
    expect((screen.getByTestId('rec-note') as HTMLTextAreaElement).value).toBe('同意报送');
    expect(screen.queryByText(TEXTS.agreedText)).toBeNull();
  });
});
