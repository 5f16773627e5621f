/**
 * The board's 载体类型 filter (issue 15 §8; RULEBOOK §7 "On the board"): listings whose poster is a registered
 * carrier of the chosen kind — 技术创新中心, 概念验证中心, 中试基地 … — as the department's registry backs it
 * (`GET /api/v1/listings?posterCarrierKind=`). The search answers no counts for it, so the options come without.
 */
import { CARRIER_KIND_LABEL, CarrierKind } from '@jiebang/contracts';
import { Button, Card } from 'antd';

/** The kinds in the order the board offers them (技术创新中心 first: the one a centre's page links to). */
export const BOARD_CARRIER_KINDS: CarrierKind[] = [
  CarrierKind.InnovationCenter,
  CarrierKind.ConceptValidation,
  CarrierKind.PilotBase,
  CarrierKind.PilotPlatform,
  CarrierKind.IntlCoopBase,
];

/** Props of `CarrierKindFacet`. */
export interface CarrierKindFacetProps {
  selected?: CarrierKind;
  /** Called with the clicked kind, or `undefined` to clear (clicking the selected kind clears too). */
  onChange: (kind: CarrierKind | undefined) => void;
}

/** A side-panel list of the carrier kinds; the selected one is highlighted. */
export function CarrierKindFacet({ selected, onChange }: CarrierKindFacetProps) {
  return (
    <Card
      size="small"
      title="发榜单位载体类型"
      className="facet-panel"
      data-testid="facet-carrier-kind"
      extra={
        <Button
          type="link"
          size="small"
          disabled={!selected}
          onClick={() => onChange(undefined)}
          data-testid="facet-carrier-kind-clear"
        >
          清除
        </Button>
      }
    >
      <ul className="facet-list">
        {BOARD_CARRIER_KINDS.map((k) => {
          const active = k === selected;
          return (
            <li key={k}>
              <button
                type="button"
                className={active ? 'facet-option facet-option-active' : 'facet-option'}
                aria-pressed={active}
                data-testid="facet-option"
                data-value={k}
                onClick={() => onChange(active ? undefined : k)}
              >
                <span className="facet-option-label">{CARRIER_KIND_LABEL[k]}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
