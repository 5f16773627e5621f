import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RegionFacet, regionFilterLabel, regionTree } from './RegionFacet';

/** 鄂尔多斯市: 1 listing of its own, 2 in 乌审旗, 1 in 伊金霍洛旗; 包头市 3; 2 at the autonomous-region level. */
const cityCounts = { '150600': 4, '150200': 3 };
const regionCounts = { '150000': 2, '150600': 1, '150626': 2, '150627': 1, '150200': 3 };

describe('RegionFacet (盟市 → 旗县区, issue 16 item 18)', () => {
  it('nests the 旗 under their 盟市, counted under it', () => {
    const tree = regionTree(cityCounts, regionCounts);
    expect(tree.map((n) => [n.label, n.count])).toEqual([
      ['自治区级', 2],
      ['包头市', 3],
      ['鄂尔多斯市', 4],
    ]);
    expect(tree[2].children.map((n) => [n.label, n.count])).toEqual([
      ['乌审旗', 2],
      ['伊金霍洛旗', 1],
    ]);
  });

  it('chooses a 盟市 (which includes its 旗), opens it onto its 旗, and chooses a 旗', async () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <RegionFacet cityCounts={cityCounts} regionCounts={regionCounts} onChange={onChange} />,
    );
    const facet = screen.getByTestId('facet-region');
    const ordos = within(facet)
      .getAllByTestId('region-option')
      .find((b) => b.getAttribute('data-value') === '150600');
    expect(ordos?.textContent).toBe('鄂尔多斯市4');
    await userEvent.click(ordos!);
    expect(onChange).toHaveBeenLastCalledWith('150600');

    // The 旗 show once the 盟市 is selected (or opened).
    rerender(<RegionFacet cityCounts={cityCounts} regionCounts={regionCounts} selected="150600" onChange={onChange} />);
    const banner = within(facet)
      .getAllByTestId('region-option')
      .find((b) => b.getAttribute('data-value') === '150626');
    expect(banner?.textContent).toBe('乌审旗2');
    await userEvent.click(banner!);
    expect(onChange).toHaveBeenLastCalledWith('150626');

    // 包头市 is closed until its toggle opens it... it has no 旗 with listings, so it has no toggle.
    const toggles = within(facet).getAllByTestId('region-toggle');
    expect(toggles.map((t) => t.getAttribute('data-value'))).toEqual(['150600']);
    await userEvent.click(toggles[0]);
    expect(
      within(facet)
        .getAllByTestId('region-option')
        .some((b) => b.getAttribute('data-value') === '150626'),
    ).toBe(false);
  });

  it('names the filter: a 盟市 with its 旗县区, a 旗 with its 盟市', () => {
    expect(regionFilterLabel('150600')).toBe('鄂尔多斯市(含旗县区)');
    expect(regionFilterLabel('150627')).toBe('鄂尔多斯市伊金霍洛旗');
    expect(regionFilterLabel('150000')).toBe('自治区级');
  });
});
