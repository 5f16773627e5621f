/**
 * The board's region facet as a hierarchy (issue 16 item 18): 盟市 with their counts (the 盟市's own listings plus
 * its 旗县区'), each opening onto its 旗县区 with theirs; listings at the autonomous-region level are one entry of
 * their own. Choosing a 盟市 filters on it and its 旗县区 (the API filters on the indexed region path).
 */
import { CaretDownOutlined, CaretRightOutlined } from '@ant-design/icons';
import { findRegion, NMG_REGIONS, prefectureOf } from '@jiebang/contracts';
import { Button, Card } from 'antd';
import { useState } from 'react';

/** One node of the region tree: a 盟市 (with its 旗县区) or the province level. */
export interface RegionNode {
  code: string;
  label: string;
  count: number;
  children: RegionNode[];
}

const PROVINCE = '150000';

/**
 * Builds the region tree from the facet counts: `cityCode` counts per 盟市, `regionCode` counts per code. 盟市 in
 * code order (the official order); a 旗县区 appears when it has listings; the selected code is kept with count 0
 * when the counts no longer contain it. Codes outside the Inner Mongolia table are left out.
 */
export function regionTree(
  cityCounts: Record<string, number> | undefined,
  regionCounts: Record<string, number> | undefined,
  selected?: string,
): RegionNode[] {
  const cities = cityCounts ?? {};
  const codes = regionCounts ?? {};
  const selectedCity = prefectureOf(selected);
  const nodes: RegionNode[] = [];
  if ((codes[PROVINCE] ?? 0) > 0 || selected === PROVINCE)
    nodes.push({ code: PROVINCE, label: '自治区级', count: codes[PROVINCE] ?? 0, children: [] });
  for (const city of NMG_REGIONS.filter((r) => r.level === 'prefecture')) {
    const count = cities[city.code] ?? 0;
    if (count === 0 && selectedCity !== city.code) continue;
    const children = NMG_REGIONS.filter(
      (r) => r.parentCode === city.code && ((codes[r.code] ?? 0) > 0 || r.code === selected),
    ).map((r) => ({ code: r.code, label: r.name, count: codes[r.code] ?? 0, children: [] }));
    nodes.push({ code: city.code, label: city.name, count, children });
  }
  return nodes;
}

/** Props of `RegionFacet`. */
export interface RegionFacetProps {
  cityCounts?: Record<string, number>;
  regionCounts?: Record<string, number>;
  selected?: string;
  /** Called with the chosen code, or `undefined` to clear (choosing the selected entry clears too). */
  onChange: (code: string | undefined) => void;
}

/** One clickable entry (same look as `FacetPanel`'s options). */
function Entry({
  node,
  selected,
  onChange,
}: {
  node: RegionNode;
  selected?: string;
  onChange: (code: string | undefined) => void;
}) {
  const active = node.code === selected;
  return (
    <button
      type="button"
      className={active ? 'facet-option facet-option-active' : 'facet-option'}
      aria-pressed={active}
      data-testid="region-option"
      data-value={node.code}
      onClick={() => onChange(active ? undefined : node.code)}
    >
      <span className="facet-option-label">{node.label}</span>
      <span className="facet-option-count">{node.count}</span>
    </button>
  );
}

/** The region facet: 盟市 entries, each with a toggle that shows its 旗县区. */
export function RegionFacet({ cityCounts, regionCounts, selected, onChange }: RegionFacetProps) {
  const tree = regionTree(cityCounts, regionCounts, selected);
  const [opened, setOpened] = useState<string | undefined>(undefined);
  const selectedCity = prefectureOf(selected);
  const isOpen = (code: string) => opened === code || (opened === undefined && selectedCity === code);
  return (
    <Card
      size="small"
      title="地区"
      className="facet-panel"
      data-testid="facet-region"
      extra={
        <Button
          type="link"
          size="small"
          disabled={!selected}
          onClick={() => onChange(undefined)}
          data-testid="facet-region-clear"
        >
          清除
        </Button>
      }
    >
      {tree.length === 0 ? (
        <div className="facet-empty">暂无可选项</div>
      ) : (
        <ul className="facet-list" role="tree" aria-label="地区(盟市 → 旗县区)">
          {tree.map((node) => (
            <li key={node.code} role="treeitem" aria-expanded={node.children.length ? isOpen(node.code) : undefined}>
              <div style={{ display: 'flex', alignItems: 'center' }}>
                {node.children.length ? (
                  <Button
                    type="text"
                    size="small"
                    aria-label={`${isOpen(node.code) ? '收起' : '展开'}${node.label}的旗县区`}
                    data-testid="region-toggle"
                    data-value={node.code}
                    icon={isOpen(node.code) ? <CaretDownOutlined /> : <CaretRightOutlined />}
                    onClick={() => setOpened(isOpen(node.code) ? '' : node.code)}
                  />
                ) : (
                  <span style={{ width: 24, flex: 'none' }} />
                )}
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Entry node={node} selected={selected} onChange={onChange} />
                </div>
              </div>
              {node.children.length && isOpen(node.code) ? (
                <ul className="facet-list" role="group" style={{ paddingLeft: 24 }}>
                  {node.children.map((child) => (
                    <li key={child.code} role="treeitem">
                      <Entry node={child} selected={selected} onChange={onChange} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The label of a selected region for the active-filter tag: `鄂尔多斯市(含旗县区)` for a 盟市. */
export function regionFilterLabel(code: string): string {
  const r = findRegion(code);
  if (!r) return code;
  if (r.level === 'prefecture') return `${r.name}(含旗县区)`;
  if (r.level === 'province') return '自治区级';
  const city = findRegion(r.parentCode);
  return city ? `${city.name}${r.name}` : r.name;
}
