import { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { GraphService } from '../../apps/api/src/graph/graph.service';
import {
  CLOSURE_WALK,
  closureFactsEdgeKeys,
  edgeKey,
  FACTS_BY_CLOSURE,
  loadFactsEdgeKeys,
  sameKeys,
} from '../../bench/closure';

const AS_OF = '2026-06-01';

/**
 * `npm run bench:matching` compares `GraphService.loadFacts` with a closure table built by the benchmark only
 * (`bench/closure.ts`) and reported "mismatches CTE vs table: facts 150" — every sample. On a small graph in real
 * PostgreSQL (migrations applied, no application booted), with what decides control (RULEBOOK §6): equity above
 * 50 %, an agreement, a branch, within their validity, and a control cycle. Everything is written in one
 * transaction that is rolled back.
 */
describe('control closure: GraphService.loadFacts vs the benchmark closure table', () => {
  let ds: DataSource;
  let runner: QueryRunner;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    const url = process.env.E2E_DATABASE_URL as string;
    await runMigrations(url);
    ds = new DataSource({ type: 'postgres', url });
    await ds.initialize();
    runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    for (const name of ['P', 'Q', 'A', 'B', 'C', 'D', 'E', 'F', 'G']) {
      const [row]: { id: string }[] = await runner.query(
        `INSERT INTO organization (name, type) VALUES ($1, 'enterprise') RETURNING id`,
        [`闭包比较测试单位${name}`],
      );
      id[name] = row.id;
    }
    const edge = (from: string, to: string, kind: string, pct: number | null, validFrom?: string, validTo?: string) =>
      runner.query(
        `INSERT INTO control_edge (controller_org_id, controlled_org_id, kind, equity_pct, valid_from, valid_to, source)
         VALUES ($1, $2, $3, $4, $5, $6, '闭包比较测试')`,
        [id[from], id[to], kind, pct, validFrom ?? null, validTo ?? null],
      );
    await edge('A', 'P', 'equity', 60); // control
    await edge('A', 'Q', 'agreement', null); // control
    await edge('G', 'Q', 'branch', null); // Q is G's branch
    await edge('B', 'A', 'agreement', null); // control, two steps above P
    await edge('F', 'A', 'equity', 70); // control, and a cycle: A also heads F
    await edge('A', 'F', 'branch', null);
    await edge('C', 'B', 'equity', 40); // 40 %: no control
    await edge('D', 'B', 'equity', 51, '2020-01-01', '2025-12-31'); // ended before AS_OF
    await edge('E', 'B', 'agreement', null, '2027-01-01'); // not yet in force
    await runner.query(
      `CREATE TEMP TABLE closure_check (ancestor uuid NOT NULL, descendant uuid NOT NULL, depth int NOT NULL) ON COMMIT DROP`,
    );
    await runner.query(`INSERT INTO closure_check (ancestor, descendant, depth) ${CLOSURE_WALK(`'${AS_OF}'`, 'true')}`);
  });

  afterAll(async () => {
    await runner?.rollbackTransaction().catch(() => undefined);
    await runner?.release();
    await ds?.destroy();
  });

  const key = (from: string, to: string, kind: string, pct: string | null) =>
    edgeKey({
      controller_org_id: id[from],
      controlled_org_id: id[to],
      kind,
      equity_pct: pct,
      valid_from: null,
      valid_to: null,
    });
  const expected = () => [
    key('A', 'P', 'equity', '60.00'),
    key('A', 'Q', 'agreement', null),
    key('G', 'Q', 'branch', null),
    key('B', 'A', 'agreement', null),
    key('F', 'A', 'equity', '70.00'),
    key('A', 'F', 'branch', null),
  ];

  it('loadFacts (the recursive CTE) returns exactly the edges conferring control above the parties', async () => {
    const facts = await new GraphService(ds, {} as AuditService).loadFacts([id.P, id.Q], AS_OF, runner);
    const keys = facts.edges.map((e) =>
      edgeKey({
        controller_org_id: e.controllerOrgId,
        controlled_org_id: e.controlledOrgId,
        kind: e.kind,
        equity_pct: e.equityPct === null ? null : e.equityPct.toFixed(2),
        valid_from: e.validFrom,
        valid_to: e.validTo,
      }),
    );
    expect(keys.sort()).toEqual(expected().sort());
    expect([...facts.orgs.keys()].sort()).toEqual([id.P, id.Q, id.A, id.B, id.F, id.G].sort());
  });

  it("the benchmark's comparison finds the closure table and loadFacts' own statement in agreement", async () => {
    const spy = jest.spyOn(runner, 'query');
    await new GraphService(ds, {} as AuditService).loadFacts([id.P, id.Q], AS_OF, runner);
    const [factsSql] = spy.mock.calls[0] as [string];
    spy.mockRestore();
    const cteRows: Record<string, unknown>[] = await runner.query(factsSql, [[id.P, id.Q], AS_OF]);
    const closureRows: Record<string, unknown>[] = await runner.query(FACTS_BY_CLOSURE('closure_check'), [
      [id.P, id.Q],
      AS_OF,
    ]);
    // loadFacts answers one row (edges, orgs and credits as JSON); the closure query one row per edge.
    expect(cteRows).toHaveLength(1);
    expect(closureRows).toHaveLength(6);
    expect(loadFactsEdgeKeys(cteRows).sort()).toEqual(expected().sort());
    expect(sameKeys(loadFactsEdgeKeys(cteRows), closureFactsEdgeKeys(closureRows))).toBe(true);
    // What the benchmark compared before: the rows of both statements, which can never agree.
    expect(sameKeys(closureFactsEdgeKeys(cteRows), closureFactsEdgeKeys(closureRows))).toBe(false);
  });

  it('the closure table holds each ancestor once per descendant, with a self row on the cycle only', async () => {
    const rows: { ancestor: string; descendant: string }[] = await runner.query(
      `SELECT ancestor, descendant FROM closure_check WHERE descendant = ANY($1::uuid[])`,
      [[id.P, id.A]],
    );
    const above = (d: string) =>
      rows
        .filter((r) => r.descendant === id[d])
        .map((r) => r.ancestor)
        .sort();
    expect(above('P')).toEqual([id.A, id.B, id.F].sort());
    expect(above('A')).toEqual([id.A, id.B, id.F].sort());
  });

  it('a statement of another shape is refused by the comparison, not counted as a mismatch', () => {
    expect(() => loadFactsEdgeKeys([{ controller_org_id: id.A }, { controller_org_id: id.B }])).toThrow(/out of date/);
  });
});
