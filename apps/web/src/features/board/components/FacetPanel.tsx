/** A clickable facet (value → count) in the board's side panel, with a clear control. */
import { Button, Card } from 'antd';
import { useState } from 'react';

/** One facet value. */
export interface FacetOption {
  value: string;
  label: string;
  count: number;
}

/** Props of `FacetPanel`. */
export interface FacetPanelProps {
  title: string;
  /** `data-testid` of the panel. */
  testId: string;
  options: FacetOption[];
  selected?: string;
  /** Called with the clicked value, or `undefined` to clear (clicking the selected value clears too). */
  onChange: (value: string | undefined) => void;
  /** How many options to show before "展开全部". */
  collapsedCount?: number;
}

/**
 * Builds facet options from a Meilisearch facet distribution, sorted by count (desc) then value; the selected
 * value is kept (with count 0) even if the distribution no longer contains it.
 */
export function facetOptions(
  distribution: Record<string, number> | undefined,
  labelFor: (value: string) => string,
  selected?: string,
): FacetOption[] {
  const entries = Object.entries(distribution ?? {});
  if (selected && !entries.some(([v]) => v === selected)) entries.push([selected, 0]);
  return entries
    .map(([value, count]) => ({ value, label: labelFor(value), count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** A side-panel facet list; the selected value is highlighted. */
export function FacetPanel({ title, testId, options, selected, onChange, collapsedCount = 8 }: FacetPanelProps) {
  const [expanded, setExpanded] = useState(false);
  const visible = expanded ? options : options.slice(0, collapsedCount);
  const selectedHidden = selected && !visible.some((o) => o.value === selected);
  const shown = selectedHidden ? [...visible, ...options.filter((o) => o.value === selected)] : visible;

  return (
    <Card
      size="small"
      title={title}
      className="facet-panel"
      data-testid={testId}
      extra={
        <Button
          type="link"
          size="small"
          disabled={!selected}
          onClick={() => onChange(undefined)}
          data-testid={`${testId}-clear`}
        >
          清除
        </Button>
      }
    >
      {options.length === 0 ? (
        <div className="facet-empty">暂无可选项</div>
      ) : (
        <ul className="facet-list">
          {shown.map((o) => {
            const active = o.value === selected;
            return (
              <li key={o.value}>
                <button
                  type="button"
                  className={active ? 'facet-option facet-option-active' : 'facet-option'}
                  aria-pressed={active}
                  data-testid="facet-option"
                  data-value={o.value}
                  onClick={() => onChange(active ? undefined : o.value)}
                >
                  <span className="facet-option-label">{o.label}</span>
                  <span className="facet-option-count">{o.count}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {options.length > collapsedCount ? (
        <Button type="link" size="small" className="facet-toggle" onClick={() => setExpanded((e) => !e)}>
          {expanded ? '收起' : `展开全部（${options.length}）`}
        </Button>
      ) : null}
    </Card>
  );
}
