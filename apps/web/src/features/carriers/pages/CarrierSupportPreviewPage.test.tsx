import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierSupportPreviewPage } from './CarrierSupportPreviewPage';

const capped = {
  kind: 'operation',
  baseFen: '800000000',
  subsidyFen: '100000000',
  capFen: '100000000',
  rateBp: 2000,
  capApplied: true,
  rule: '001 §13(二)',
  steps: [
    {
      label: '补助类别:运营补助(每年);计算基数:年度服务性收入',
      expression: '8,000,000.00 元',
      resultFen: '800000000',
      rule: '001 §13(二)',
    },
    {
      label: '按 20% 计算,向下取整到分',
      expression: '8,000,000.00 元 × 20% = 1,600,000.00 元',
      resultFen: '160000000',
      rule: '001 §13(二)',
    },
    {
      label: '上限:每年运营补助最高 1,000,000.00 元',
      expression: '1,000,000.00 元',
      resultFen: '100000000',
      rule: '001 §13(二)',
    },
    {
      label: '按 20% 计算的金额超过上限,取上限',
      expression: 'min(1,600,000.00 元, 1,000,000.00 元) = 1,000,000.00 元',
      resultFen: '100000000',
      rule: '001 §13(二)',
    },
  ],
  ruleSetId: 'yn-kegui-2025-11',
  source: '云科规〔2025〕11号 云南省概念验证中心和中试基地（平台）备案管理办法（试行）(云南省)',
};

describe('CarrierSupportPreviewPage (载体补助测算, issue 15 §7)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the server and shows the amount, the cap and every step with its article', async () => {
    const sent = serveApi({ 'GET /api/v1/policy/carrier-support': () => json(200, capped) });
    renderWithProviders(<CarrierSupportPreviewPage />, { route: '/carriers/support-preview' });
    fireEvent.change(screen.getByTestId('carrier-support-base'), { target: { value: '8000000' } });
    fireEvent.click(screen.getByTestId('carrier-support-submit'));
    expect((await screen.findByTestId('carrier-support-amount')).textContent).toBe('1,000,000.00 元');
    expect(screen.getByTestId('carrier-support-cap-applied').textContent).toContain('封顶');
    expect(within(screen.getByTestId('carrier-support-steps')).getAllByTestId('subsidy-step')).toHaveLength(4);
    expect(screen.getByTestId('carrier-support-source').textContent).toContain('云南省');
    expect(new URLSearchParams(sent[0].search).get('kind')).toBe('operation');
    expect(new URLSearchParams(sent[0].search).get('baseYuan')).toBe('8000000');
  });

  it('refuses an amount with three decimals before asking the server', async () => {
    const sent = serveApi({ 'GET /api/v1/policy/carrier-support': () => json(200, capped) });
    renderWithProviders(<CarrierSupportPreviewPage />, { route: '/carriers/support-preview' });
    fireEvent.change(screen.getByTestId('carrier-support-base'), { target: { value: '12.345' } });
    fireEvent.click(screen.getByTestId('carrier-support-submit'));
    expect(await screen.findByText(/最多两位小数/)).toBeTruthy();
    expect(sent).toHaveLength(0);
  });
});
