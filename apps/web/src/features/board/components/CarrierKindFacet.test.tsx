import { CarrierKind, Field, ListingKind, ListingStatus, OrgType, type ListingHit } from '@jiebang/contracts';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { CarrierKindFacet } from './CarrierKindFacet';
import { ListingCard } from './ListingCard';

const hit = (posterCarrierKinds?: string[]): ListingHit => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: ListingKind.Achievement,
  field: Field.RareEarth,
  title: '稀土永磁材料中试成果',
  summary: null,
  posterName: '包头稀土研究院',
  posterOrgType: OrgType.ResearchInstitute,
  posterCarrierKinds,
  regionCode: null,
  regionName: null,
  status: ListingStatus.Published,
  totalInvestmentFen: null,
  publishedAt: null,
  cityCode: null,
  regionPath: [],
  taken: false,
  takerName: null,
  signedOn: null,
  offerAmountFen: null,
  applyDeadline: null,
  applyDeadlineDay: null,
  cooperationForms: [],
});

describe('carriers on the board (issue 15 §8)', () => {
  it('offers the five carrier kinds, 技术创新中心 first; a click filters, a second click clears', async () => {
    const onChange = vi.fn();
    const { rerender } = render(<CarrierKindFacet onChange={onChange} />);
    const options = screen.getAllByTestId('facet-option');
    expect(options.map((o) => o.textContent)).toEqual([
      '自治区技术创新中心',
      '概念验证中心(平台)',
      '科技成果转化中试基地',
      '中试公共服务平台',
      '国际科技合作基地',
    ]);
    expect((screen.getByTestId('facet-carrier-kind-clear') as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(options[0]);
    expect(onChange).toHaveBeenLastCalledWith(CarrierKind.InnovationCenter);
    rerender(<CarrierKindFacet selected={CarrierKind.InnovationCenter} onChange={onChange} />);
    expect(screen.getAllByTestId('facet-option')[0].getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(screen.getAllByTestId('facet-option')[0]);
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('a card shows its poster’s carrier kinds from the registry, and none when it has none', () => {
    const { unmount } = render(
      <MemoryRouter>
        <ListingCard hit={hit([CarrierKind.InnovationCenter, CarrierKind.PilotBase])} boardSearch="" />
      </MemoryRouter>,
    );
    expect(screen.getAllByTestId('carrier-kind-tag').map((t) => t.textContent)).toEqual([
      '自治区技术创新中心',
      '科技成果转化中试基地',
    ]);
    unmount();
    render(
      <MemoryRouter>
        <ListingCard hit={hit()} boardSearch="" />
      </MemoryRouter>,
    );
    expect(screen.queryByTestId('carrier-kind-tag')).toBeNull();
  });
});
