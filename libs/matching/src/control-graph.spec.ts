import fc from 'fast-check';
import {
  AGREEMENT_LABEL,
  BRANCH_LABEL,
  buildControlGraph,
  controlClosure,
  controllersOf,
  controlPath,
  formatControlPath,
  isInForce,
  toCalendarDay,
  validateControlEdge,
  type ControlEdge,
} from './control-graph';

const ASOF = '2024-06-01';
const eq = (a: string, b: string, pct: number | null, extra: Partial<ControlEdge> = {}): ControlEdge => ({
  controllerOrgId: a,
  controlledOrgId: b,
  equityPct: pct,
  kind: 'equity',
  ...extra,
});

describe('controlClosure / controlPath — examples', () => {
  it('follows a chain A →(60%) B →(51%) C with labels', () => {
    const g = buildControlGraph([eq('A', 'B', 60), eq('B', 'C', 51)], ASOF);
    expect(controlPath(g, 'A', 'C')).toEqual(['A', '60%', 'B', '51%', 'C']);
    expect(controlPath(g, 'C', 'A')).toBeNull();
    const closure = controlClosure([eq('B', 'C', 51), eq('A', 'B', 60)], ASOF);
    expect([...closure.keys()]).toEqual(['A', 'B', 'C']);
    expect([...closure.get('A')!.keys()]).toEqual(['B', 'C']);
    expect(closure.get('C')!.size).toBe(0);
  });

  it('does not treat 50 % (a 50/50 JV) or an unknown percent as control', () => {
    const closure = controlClosure([eq('P1', 'JV', 50), eq('P2', 'JV', 50), eq('Q', 'JV', null)], ASOF);
    for (const parent of ['P1', 'P2', 'Q']) expect(closure.get(parent)?.size ?? 0).toBe(0);
    expect(
      controlClosure([eq('P1', 'JV', 50.01)], ASOF)
        .get('P1')!
        .get('JV'),
    ).toEqual(['P1', '50.01%', 'JV']);
  });

  it('reads equityPct as percent, not ratio: 0.6 is 0.6 %, no control', () => {
    expect(controlPath(buildControlGraph([eq('A', 'B', 0.6)], ASOF), 'A', 'B')).toBeNull();
  });

  it('labels agreement and branch hops', () => {
    const g = buildControlGraph(
      [
        { controllerOrgId: 'A', controlledOrgId: 'B', equityPct: null, kind: 'agreement' },
        { controllerOrgId: 'B', controlledOrgId: 'B1', equityPct: null, kind: 'branch' },
      ],
      ASOF,
    );
    expect(controlPath(g, 'A', 'B1')).toEqual(['A', AGREEMENT_LABEL, 'B', BRANCH_LABEL, 'B1']);
    expect(AGREEMENT_LABEL).toBe('协议控制');
  });

  it('ignores edges outside their validity (both ends inclusive)', () => {
    const edges = [
      eq('A', 'B', 80, { validFrom: '2020-01-01', validTo: '2024-05-31' }),
      eq('A', 'C', 80, { validFrom: '2024-06-02' }),
      eq('A', 'D', 80, { validFrom: '2024-06-01', validTo: '2024-06-01' }),
    ];
    expect([...controlClosure(edges, ASOF).get('A')!.keys()]).toEqual(['D']);
    expect([...controlClosure(edges, '2024-05-31').get('A')!.keys()]).toEqual(['B']);
  });

  it('terminates on cycles and never lists an org as controlling itself', () => {
    const closure = controlClosure([eq('A', 'B', 60), eq('B', 'A', 60), eq('B', 'C', 90)], ASOF);
    expect([...closure.get('A')!.keys()]).toEqual(['B', 'C']);
    expect([...closure.get('B')!.keys()]).toEqual(['A', 'C']);
    expect(controlPath(buildControlGraph([eq('A', 'B', 60), eq('B', 'A', 60)], ASOF), 'A', 'A')).toBeNull();
  });

  it('only computes the asked sources when orgIds is given', () => {
    const closure = controlClosure([eq('A', 'B', 60), eq('X', 'Y', 60)], ASOF, ['A', 'Z', 'A']);
    expect([...closure.keys()]).toEqual(['A', 'Z']);
    expect(closure.get('Z')!.size).toBe(0);
  });

  it('returns the shortest chain and the controllers of an org', () => {
    const g = buildControlGraph([eq('A', 'B', 60), eq('B', 'C', 60), eq('C', 'D', 60), eq('A', 'D', 70)], ASOF);
    expect(controlPath(g, 'A', 'D')).toEqual(['A', '70%', 'D']);
    expect(controllersOf(g, 'D')).toEqual(
      new Map([
        ['A', ['A', '70%', 'D']],
        ['B', ['B', '60%', 'C', '60%', 'D']],
        ['C', ['C', '60%', 'D']],
      ]),
    );
  });

  it('picks the same label for parallel edges whatever their order', () => {
    const edges: ControlEdge[] = [
      { controllerOrgId: 'A', controlledOrgId: 'B', equityPct: null, kind: 'agreement' },
      eq('A', 'B', 55),
      eq('A', 'B', 75),
    ];
    const expected = ['A', '75%', 'B'];
    expect(controlPath(buildControlGraph(edges, ASOF), 'A', 'B')).toEqual(expected);
    expect(controlPath(buildControlGraph([...edges].reverse(), ASOF), 'A', 'B')).toEqual(expected);
  });

  it('handles a long chain without recursion', () => {
    const n = 20000;
    const edges = Array.from({ length: n }, (_, i) => eq(`o${i}`, `o${i + 1}`, 100));
    edges.push(eq(`o${n}`, 'o0', 100));
    const path = controlPath(buildControlGraph(edges, ASOF), 'o0', `o${n}`);
    expect(path).toHaveLength(2 * n + 1);
  });

  it('refuses malformed edges and dates', () => {
    expect(() => buildControlGraph([eq('A', 'B', 150)], ASOF)).toThrow(RangeError);
    expect(() => buildControlGraph([eq('A', 'B', -1)], ASOF)).toThrow(RangeError);
    expect(() => buildControlGraph([eq('A', 'B', Number.NaN)], ASOF)).toThrow(RangeError);
    expect(() => buildControlGraph([eq('A', 'B', 60, { validTo: '31/12/2024' })], ASOF)).toThrow(RangeError);
    expect(() => buildControlGraph([], '2024-02-30')).toThrow(RangeError);
    expect(validateControlEdge({ ...eq('A', 'B', 60), kind: 'loan' as never })).toMatch(/类型/);
    expect(validateControlEdge(eq('A', 'B', 60))).toBeNull();
  });

  it('compares Beijing calendar days', () => {
    expect(toCalendarDay('2024-06-01')).toBe('2024-06-01');
    expect(toCalendarDay('2024-05-31T16:00:00Z')).toBe('2024-06-01');
    expect(toCalendarDay('2024-05-31T15:59:59Z')).toBe('2024-05-31');
    expect(toCalendarDay('2024-06-01T00:30')).toBe('2024-06-01');
    expect(isInForce('2024-06-01', null, '2024-05-31T16:00:00Z')).toBe(true);
    expect(isInForce(null, '2024-05-31', '2024-06-01')).toBe(false);
  });

  it('formats paths for people, including two chains', () => {
    expect(formatControlPath(['A', '60%', 'B'])).toBe('A →(60%) B');
    expect(formatControlPath(['X', '60%', 'A', '|', 'X', '70%', 'P'], (id) => id.toLowerCase())).toBe(
      'x →(60%) a; x →(70%) p',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: controlClosure equals a brute-force transitive closure (Floyd–Warshall on hop counts).

const N = 7;
const ids = Array.from({ length: N }, (_, i) => `o${i}`);
const days = ['2024-01-01', '2024-05-31', '2024-06-01', '2024-06-02', '2024-12-31'];

const edgeArb: fc.Arbitrary<ControlEdge> = fc.record({
  controllerOrgId: fc.constantFrom(...ids),
  controlledOrgId: fc.constantFrom(...ids),
  kind: fc.constantFrom<ControlEdge['kind']>('equity', 'equity', 'equity', 'agreement', 'branch'),
  equityPct: fc.constantFrom(null, 0, 30, 49.99, 50, 50.01, 51, 60, 75, 100, 100),
  validFrom: fc.option(fc.constantFrom(...days), { freq: 2, nil: undefined }),
  validTo: fc.option(fc.constantFrom(...days), { freq: 2, nil: null }),
});

/** Independent oracle: in force iff from ≤ asOf ≤ to on YYYY-MM-DD strings; control per RULEBOOK §6. */
function oracleArcs(edges: ControlEdge[], asOf: string): Array<[string, string, string]> {
  return edges
    .filter((e) => (e.validFrom == null || e.validFrom <= asOf) && (e.validTo == null || asOf <= e.validTo))
    .filter((e) => e.kind !== 'equity' || (e.equityPct !== null && e.equityPct > 50))
    .filter((e) => e.controllerOrgId !== e.controlledOrgId)
    .map((e) => [
      e.controllerOrgId,
      e.controlledOrgId,
      e.kind === 'agreement' ? '协议控制' : e.kind === 'branch' ? '分公司' : `${e.equityPct}%`,
    ]);
}

function floydWarshall(arcs: Array<[string, string, string]>): Map<string, Map<string, number>> {
  const nodes = [...new Set(arcs.flatMap(([a, b]) => [a, b]))];
  const d = new Map<string, Map<string, number>>();
  for (const a of nodes) d.set(a, new Map(nodes.map((b) => [b, Infinity])));
  for (const [a, b] of arcs) d.get(a)!.set(b, 1);
  for (const k of nodes)
    for (const i of nodes)
      for (const j of nodes) {
        const via = d.get(i)!.get(k)! + d.get(k)!.get(j)!;
        if (via < d.get(i)!.get(j)!) d.get(i)!.set(j, via);
      }
  return d;
}

describe('controlClosure — properties', () => {
  it('equals the brute-force transitive closure, with valid shortest paths', () => {
    fc.assert(
      fc.property(fc.array(edgeArb, { maxLength: 30 }), fc.constantFrom(...days), (edges, asOf) => {
        const arcs = oracleArcs(edges, asOf);
        const dist = floydWarshall(arcs);
        const closure = controlClosure(edges, asOf);
        expect([...closure.keys()].sort()).toEqual([...dist.keys()].sort());
        for (const [src, row] of dist) {
          const expected = [...row.entries()]
            .filter(([dst, n]) => dst !== src && n < Infinity)
            .map(([dst]) => dst)
            .sort();
          const got = closure.get(src)!;
          expect([...got.keys()].sort()).toEqual(expected);
          for (const [dst, path] of got) {
            expect(path[0]).toBe(src);
            expect(path[path.length - 1]).toBe(dst);
            expect((path.length - 1) / 2).toBe(row.get(dst));
            for (let i = 0; i + 2 < path.length; i += 2) {
              const [a, label, b] = [path[i], path[i + 1], path[i + 2]];
              expect(arcs.some(([x, y, l]) => x === a && y === b && l === label)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the edges', () => {
    fc.assert(
      fc.property(
        fc
          .array(edgeArb, { maxLength: 30 })
          .chain((edges) => fc.tuple(fc.constant(edges), fc.shuffledSubarray(edges, { minLength: edges.length }))),
        ([edges, shuffled]) => {
          expect(controlClosure(shuffled, ASOF)).toEqual(controlClosure(edges, ASOF));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('controlPath agrees with the closure', () => {
    fc.assert(
      fc.property(fc.array(edgeArb, { maxLength: 30 }), fc.constantFrom(...ids), fc.constantFrom(...ids), (e, a, b) => {
        const g = buildControlGraph(e, ASOF);
        const viaClosure = controlClosure(e, ASOF, [a]).get(a)!.get(b) ?? null;
        expect(controlPath(g, a, b)).toEqual(viaClosure);
      }),
      { numRuns: 200 },
    );
  });
});
