/**
 * The evidence path of an eligibility block drawn as a chain: organisation tags joined by arrows labelled
 * with the edge (`60%`, `协议控制`, `分公司`). `path` alternates org ids and edge labels; `'|'` starts a
 * second chain (e.g. controller → applicant | controller → poster), drawn on a new line.
 */
import { Tag } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import { CONTROL_KIND_LABELS } from '../lib/orgLabels';

/** Chain separator inside a path. */
export const CHAIN_SEPARATOR = '|';

/** Splits a path into chains at `'|'`, dropping empty chains. */
export function splitChains(path: string[]): string[][] {
  const chains: string[][] = [[]];
  for (const token of path) {
    if (token === CHAIN_SEPARATOR) chains.push([]);
    else chains[chains.length - 1].push(token);
  }
  return chains.filter((c) => c.length > 0);
}

/** A chain step: an organisation or an edge label. */
export type PathStep = { org: string } | { edge: string };

/**
 * Classifies the tokens of one chain: ids named in `orgNames` are organisations, other tokens alternate
 * (even = organisation, odd = edge) as the API sends them.
 */
export function chainSteps(chain: string[], orgNames: Record<string, string>): PathStep[] {
  let expectOrg = true;
  return chain.map((token) => {
    const isOrg = token in orgNames || expectOrg;
    expectOrg = !isOrg;
    return isOrg ? { org: token } : { edge: token };
  });
}

/** Display text of an edge label (raw kinds are translated). */
export function edgeLabel(label: string): string {
  return CONTROL_KIND_LABELS[label as keyof typeof CONTROL_KIND_LABELS] ?? label;
}

/** Plain-text rendering of a path, e.g. `甲 —60%→ 乙 | 甲 —协议控制→ 丙`. */
export function pathText(path: string[], orgNames: Record<string, string>): string {
  return splitChains(path)
    .map((chain) =>
      chainSteps(chain, orgNames)
        .map((s) => ('org' in s ? (orgNames[s.org] ?? s.org) : `—${edgeLabel(s.edge)}→`))
        .join(' '),
    )
    .join(' | ');
}

/** An arrow, labelled when the edge has a label. */
function Arrow({ label }: { label?: string }) {
  return (
    <span className="path-edge">
      {label ? <span className="path-edge-label">{label}</span> : null}
      <span className="path-edge-arrow">→</span>
    </span>
  );
}

/** Props of `ControlPath`. */
export interface ControlPathProps {
  path: string[];
  orgNames: Record<string, string>;
  testId?: string;
}

/** The chain(s) of a path. */
export function ControlPath({ path, orgNames, testId }: ControlPathProps) {
  const chains = splitChains(path);
  return (
    <div className="control-path" data-testid={testId} aria-label={pathText(path, orgNames)}>
      {chains.map((chain, ci) => {
        const steps = chainSteps(chain, orgNames);
        return (
          <div className="path-chain" key={ci} data-testid="path-chain">
            {steps.map((step, i) => {
              const prev = steps[i - 1];
              if ('edge' in step) return <Arrow key={i} label={edgeLabel(step.edge)} />;
              const name = orgNames[step.org];
              return (
                <Fragment key={i}>
                  {prev && 'org' in prev ? <Arrow /> : null}
                  <Tag color="blue" className="path-org">
                    {name ? (
                      <Link to={`/organizations/${encodeURIComponent(step.org)}`} title={name}>
                        {name}
                      </Link>
                    ) : (
                      step.org
                    )}
                  </Tag>
                </Fragment>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
