import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { ExpertSelect } from './ExpertSelect';

const POOL = [
  { id: 'e1', displayName: '王专家', orgName: '内蒙古大学', available: true, conflict: null, fields: [] },
  {
    id: 'e2',
    displayName: '李专家',
    orgName: '包头稀土研究院',
    available: true,
    conflict: '专家所在单位是揭榜单位的下属单位',
    fields: [],
  },
];

describe('ExpertSelect', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the pool with the application and offers an expert who must recuse only disabled, with the reason', async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((req: Request) => {
        urls.push(req.url);
        return Promise.resolve(
          new Response(JSON.stringify(POOL), { status: 200, headers: { 'Content-Type': 'application/json' } }),
        );
      }),
    );
    renderWithProviders(<ExpertSelect applicationId="a-1" />);
    await waitFor(() => expect(urls).toHaveLength(1));
    expect(new URL(urls[0]).searchParams.get('applicationId')).toBe('a-1');
    await userEvent.click(within(screen.getByTestId('expert-select')).getByRole('combobox'));
    const conflicted = await screen.findByTitle(/李专家.*须回避：专家所在单位是揭榜单位的下属单位/);
    expect(conflicted.closest('.ant-select-item-option')?.classList.contains('ant-select-item-option-disabled')).toBe(
      true,
    );
    const free = screen.getByTitle('王专家(内蒙古大学)');
    expect(free.closest('.ant-select-item-option')?.classList.contains('ant-select-item-option-disabled')).toBe(false);
  });
});
