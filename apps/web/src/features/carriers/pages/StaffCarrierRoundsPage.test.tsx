import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { RULE_SET_YN_2025_11 } from '@jiebang/policy';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { chooseOption as choose } from '../../../test/select';
import { StaffCarrierRoundsPage } from './StaffCarrierRoundsPage';

const admin: CurrentUser = {
  id: 'u1',
  username: 'staff.admin',
  displayName: '科技厅管理员',
  role: Role.Staff,
  staffRoles: [StaffRole.Admin],
  orgId: null,
};
const recommender: CurrentUser = { ...admin, staffRoles: [StaffRole.Recommender], authority: '150200' };

const yn = {
  id: 'yn-kegui-2025-11@1',
  key: 'yn-kegui-2025-11',
  version: 1,
  documentNo: '云科规〔2025〕11号',
  title: RULE_SET_YN_2025_11.name,
  shipped: true,
  rules: RULE_SET_YN_2025_11,
  createdAt: '2026-11-01T00:00:00.000Z',
};
/** `GET /api/v1/carriers/programmes` as the carriers migration seeds it. */
const programmes = {
  items: [
    {
      id: 'platform_filing',
      name: '概念验证平台、科技成果转化中试基地、中试公共服务平台备案',
      type: 'filing',
      kinds: ['concept_validation', 'pilot_base', 'pilot_platform'],
      source: '000 四; 001 §10–11',
    },
    {
      id: 'intl_coop_recognition',
      name: '自治区国际科技合作基地认定',
      type: 'recognition',
      kinds: ['intl_coop_base'],
      source: '002 §5–7',
    },
    {
      id: 'innovation_center_formation',
      name: '自治区技术创新中心组建',
      type: 'formation',
      kinds: ['innovation_center'],
      source: '003 §11',
    },
  ],
};
const ROUND_ID = '00000000-0000-4000-8000-0000000000e1';
const draft = {
  id: ROUND_ID,
  programmeId: 'platform_filing',
  programmeName: '概念验证平台、科技成果转化中试基地、中试公共服务平台备案',
  title: '2026 年度中试基地备案',
  documentNo: '内科发〔2026〕1号',
  kinds: ['pilot_base', 'pilot_platform'],
  opensOn: '2026-12-01',
  closesOn: '2026-12-31',
  recommendDeadline: '2027-01-15',
  ruleSetId: yn.id,
  status: 'draft',
  createdAt: '2026-11-20T00:00:00.000Z',
};

/** Types a date into an antd DatePicker (found by its test id) and commits it. */
function pickDate(testId: string, value: string) {
  const input = screen.getByTestId(testId);
  fireEvent.mouseDown(input);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
  fireEvent.blur(input);
}

describe('StaffCarrierRoundsPage (申报批次与规则集, issue 15 §1)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the rounds with their rule set and the rule sets marked 参照, and shows a rule set’s values in 万元', async () => {
    serveApi({
      'GET /api/v1/carriers/rounds': () => json(200, { items: [draft] }),
      'GET /api/v1/carriers/programmes': () => json(200, programmes),
      'GET /api/v1/carriers/rule-sets': () => json(200, { items: [yn] }),
    });
    renderWithProviders(<StaffCarrierRoundsPage />, { route: '/staff/carriers/rounds', user: admin });
    const row = await screen.findByTestId('round-row');
    expect(row.textContent).toContain('内科发〔2026〕1号');
    expect(row.textContent).toContain('2026-12-01 至 2026-12-31');
    expect(row.textContent).toContain('推荐截止 2027-01-15');
    expect(row.textContent).toContain('科技成果转化中试基地');
    expect(within(row).getByTestId('round-status').textContent).toBe('草稿');
    await waitFor(() => expect(row.textContent).toContain(RULE_SET_YN_2025_11.name));
    const rs = await screen.findByTestId('rule-set-row');
    expect(rs.textContent).toContain('参照(云南省)');
    fireEvent.click(within(rs).getByTestId('rule-set-view'));
    const detail = await screen.findByTestId('rule-set-detail');
    expect(within(detail).getByTestId('rule-set-construction').textContent).toContain('20%');
    expect(within(detail).getByTestId('rule-set-construction').textContent).toContain('200 万元(2,000,000.00 元)');
    expect(within(detail).getByTestId('rule-set-operation').textContent).toContain('100 万元(1,000,000.00 元)');
    expect(within(detail).getByTestId('rule-set-thresholds').textContent).toContain('≥ 200 m²');
  });

  it('shows the empty state, and refuses the page to a recommender', async () => {
    serveApi({
      'GET /api/v1/carriers/rounds': () => json(200, { items: [] }),
      'GET /api/v1/carriers/programmes': () => json(200, programmes),
      'GET /api/v1/carriers/rule-sets': () => json(200, { items: [] }),
    });
    const { unmount } = renderWithProviders(<StaffCarrierRoundsPage />, {
      route: '/staff/carriers/rounds',
      user: admin,
    });
    expect(await screen.findByTestId('rounds-empty')).toBeTruthy();
    expect(await screen.findByTestId('rule-sets-empty')).toBeTruthy();
    unmount();
    renderWithProviders(<StaffCarrierRoundsPage />, { route: '/staff/carriers/rounds', user: recommender });
    expect(await screen.findByText('无权访问')).toBeTruthy();
  });

  it('新建批次: checks the form in plain Chinese, sends Beijing dates and shows the server’s refusal', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers/rounds': () => json(200, { items: [] }),
      'GET /api/v1/carriers/programmes': () => json(200, programmes),
      'GET /api/v1/carriers/rule-sets': () => json(200, { items: [yn] }),
      'POST /api/v1/carriers/rounds': () =>
        json(422, {
          statusCode: 422,
          code: 'VALIDATION_FAILED',
          message: '该计划不受理这些载体类型:(未选择)',
          rule: 'RULEBOOK §7',
        }),
    });
    renderWithProviders(<StaffCarrierRoundsPage />, { route: '/staff/carriers/rounds', user: admin });
    await screen.findByTestId('rounds-empty');
    await waitFor(() => expect((screen.getByTestId('round-new') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('round-new'));
    await act(async () => {
      fireEvent.click(await screen.findByTestId('round-submit'));
    });
    expect(await screen.findByText('请选择载体计划')).toBeTruthy();
    expect(screen.getByText('请填写批次名称')).toBeTruthy();
    expect(screen.getByText('请选择开始申报日期')).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);

    await choose('round-programme', '概念验证平台、科技成果转化中试基地、中试公共服务平台备案');
    fireEvent.change(screen.getByTestId('round-title'), { target: { value: '2026 年度中试基地备案' } });
    fireEvent.change(screen.getByTestId('round-document-no'), { target: { value: '内科发〔2026〕1号' } });
    pickDate('round-opens-on', '2026-12-10');
    pickDate('round-closes-on', '2026-12-01');
    pickDate('round-recommend-deadline', '2027-01-15');
    await choose('round-rule-set', `${yn.title}(${yn.documentNo},${yn.id})`);
    await act(async () => {
      fireEvent.click(screen.getByTestId('round-submit'));
    });
    expect(await screen.findByText('不能早于开始申报日期')).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);

    pickDate('round-closes-on', '2026-12-31');
    await act(async () => {
      fireEvent.click(screen.getByTestId('round-submit'));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      programmeId: 'platform_filing',
      title: '2026 年度中试基地备案',
      documentNo: '内科发〔2026〕1号',
      kinds: ['concept_validation', 'pilot_base', 'pilot_platform'],
      opensOn: '2026-12-10',
      closesOn: '2026-12-31',
      recommendDeadline: '2027-01-15',
      ruleSetId: 'yn-kegui-2025-11@1',
    });
    expect((await screen.findByTestId('round-failure')).textContent).toContain('该计划不受理这些载体类型');
  });

  it('新建批次: a title or 文号 of one character, spaces aside, is refused before sending (the server wants 2)', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers/rounds': () => json(200, { items: [] }),
      'GET /api/v1/carriers/programmes': () => json(200, programmes),
      'GET /api/v1/carriers/rule-sets': () => json(200, { items: [yn] }),
    });
    renderWithProviders(<StaffCarrierRoundsPage />, { route: '/staff/carriers/rounds', user: admin });
    await screen.findByTestId('rounds-empty');
    await waitFor(() => expect((screen.getByTestId('round-new') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('round-new'));
    fireEvent.change(await screen.findByTestId('round-title'), { target: { value: ' 批 ' } });
    fireEvent.change(screen.getByTestId('round-document-no'), { target: { value: '1 ' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('round-submit'));
    });
    expect(await screen.findByText('批次名称至少 2 个字')).toBeTruthy();
    expect(screen.getByText('通知文号至少 2 个字')).toBeTruthy();
    fireEvent.change(screen.getByTestId('round-document-no'), { target: { value: '内科发〔2026〕1号' } });
    await waitFor(() => expect(screen.queryByText('通知文号至少 2 个字')).toBeNull());
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
  });

  it('开启申报 asks for confirmation first, then opens the round', async () => {
    let opened = false;
    const sent = serveApi({
      'GET /api/v1/carriers/rounds': () => json(200, { items: [{ ...draft, status: opened ? 'open' : 'draft' }] }),
      'GET /api/v1/carriers/programmes': () => json(200, programmes),
      'GET /api/v1/carriers/rule-sets': () => json(200, { items: [yn] }),
      [`POST /api/v1/carriers/rounds/${ROUND_ID}/open`]: () => {
        opened = true;
        return json(200, { ...draft, status: 'open' });
      },
    });
    renderWithProviders(<StaffCarrierRoundsPage />, { route: '/staff/carriers/rounds', user: admin });
    fireEvent.click(await screen.findByTestId('round-open'));
    expect(await screen.findByText(/此操作不可撤回/)).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByTestId('round-open-confirm'));
    });
    await waitFor(() => expect(screen.getByTestId('round-status').textContent).toBe('申报中'));
    expect(sent.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([
      `/api/v1/carriers/rounds/${ROUND_ID}/open`,
    ]);
    expect(screen.queryByTestId('round-open')).toBeNull();
  });

  it('加载规则集: refuses text that is not JSON, then lists the server’s 422 problems', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers/rounds': () => json(200, { items: [] }),
      'GET /api/v1/carriers/programmes': () => json(200, programmes),
      'GET /api/v1/carriers/rule-sets': () => json(200, { items: [yn] }),
      'POST /api/v1/carriers/rule-sets': () =>
        json(422, {
          statusCode: 422,
          code: 'CARRIER_RULE_SET_INVALID',
          message: '规则集有 2 处问题:version: 应为正整数;quota.rule: 须写明依据条款',
          rule: 'RULEBOOK §7',
          details: { problems: ['version: 应为正整数', 'quota.rule: 须写明依据条款'] },
        }),
    });
    renderWithProviders(<StaffCarrierRoundsPage />, { route: '/staff/carriers/rounds', user: admin });
    fireEvent.click(await screen.findByTestId('rule-set-load'));
    fireEvent.change(await screen.findByTestId('rule-set-json'), { target: { value: '{ "id": "nm-2025-12", ' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('rule-set-load-ok'));
    });
    expect(await screen.findByText('不是有效的 JSON,请检查括号、引号和逗号')).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);

    const text = JSON.stringify({ ...RULE_SET_YN_2025_11, id: 'nm-nkbf-2025-12', version: 0 });
    fireEvent.change(screen.getByTestId('rule-set-json'), { target: { value: text } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('rule-set-load-ok'));
    });
    const refusal = await screen.findByTestId('rule-set-refusal');
    expect(refusal.textContent).toContain('共 2 处问题');
    expect(
      within(refusal)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['version: 应为正整数', 'quota.rule: 须写明依据条款']);
    expect((sent.find((s) => s.method === 'POST')?.body as { rules: { id: string } }).rules.id).toBe('nm-nkbf-2025-12');
  });
});
