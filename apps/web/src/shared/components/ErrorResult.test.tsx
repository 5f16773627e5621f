import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { ApiErrorView } from './Forbidden';

describe('ApiErrorView / ErrorResult', () => {
  it('shows the message without the code or seed number, the rule in words and the reference number', () => {
    renderWithProviders(
      <ApiErrorView
        error={{
          statusCode: 422,
          code: 'SUBSIDIARY_OF_POSTER',
          message: '揭榜方是发榜方的下属子公司，不能揭榜(004 §4)',
          rule: '004 §4',
          correlationId: 'c0ffee',
        }}
        onRetry={vi.fn()}
      />,
    );
    const text = screen.getByTestId('error-state').textContent ?? '';
    expect(text).toContain('揭榜方是发榜方的下属子公司，不能揭榜');
    expect(text).toContain('第四条');
    expect(text).toContain('c0ffee');
    expect(text).not.toMatch(/SUBSIDIARY_OF_POSTER|004|§/);
  });

  it('shows 无权访问 for a 403, without seed numbers', () => {
    renderWithProviders(
      <ApiErrorView
        error={{ statusCode: 403, code: 'FORBIDDEN', message: '仅发榜方可查看(依据 RULEBOOK §2)' }}
        onRetry={vi.fn()}
      />,
    );
    expect(screen.getByTestId('forbidden').textContent).toContain('仅发榜方可查看');
    expect(screen.getByTestId('forbidden').textContent).not.toMatch(/RULEBOOK|§/);
  });
});
