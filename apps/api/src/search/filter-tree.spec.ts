import { compileFilter, FilterCompileError, quoteFilterString } from './filter-tree';

const allowed = new Set(['kind', 'field', 'regionCode', 'status', 'totalInvestmentFen']);

describe('compileFilter', () => {
  it('compiles each operator', () => {
    expect(compileFilter({ op: 'eq', attr: 'kind', value: 'challenge' }, allowed)).toBe('kind = "challenge"');
    expect(compileFilter({ op: 'ne', attr: 'kind', value: 'challenge' }, allowed)).toBe('kind != "challenge"');
    expect(compileFilter({ op: 'in', attr: 'field', values: ['graphene', 'ccus'] }, allowed)).toBe(
      'field IN ["graphene", "ccus"]',
    );
    expect(compileFilter({ op: 'range', attr: 'totalInvestmentFen', gte: 100, lt: 200 }, allowed)).toBe(
      '(totalInvestmentFen >= 100 AND totalInvestmentFen < 200)',
    );
    expect(compileFilter({ op: 'exists', attr: 'regionCode' }, allowed)).toBe('regionCode EXISTS');
    expect(compileFilter({ op: 'isNull', attr: 'regionCode' }, allowed)).toBe(
      '(regionCode IS NULL OR regionCode NOT EXISTS)',
    );
    expect(compileFilter({ op: 'not', node: { op: 'eq', attr: 'status', value: 'closed' } }, allowed)).toBe(
      'NOT (status = "closed")',
    );
  });

  it('nests and/or with parentheses and drops empty ands', () => {
    expect(
      compileFilter(
        {
          op: 'and',
          nodes: [
            { op: 'eq', attr: 'status', value: 'published' },
            { op: 'and', nodes: [] },
            {
              op: 'or',
              nodes: [
                { op: 'eq', attr: 'field', value: 'graphene' },
                { op: 'eq', attr: 'field', value: 'ccus' },
              ],
            },
          ],
        },
        allowed,
      ),
    ).toBe('(status = "published") AND ((field = "graphene") OR (field = "ccus"))');
    expect(compileFilter({ op: 'and', nodes: [] }, allowed)).toBeUndefined();
  });

  it('escapes quotes and backslashes so a value can never close its literal', () => {
    const evil = 'graphene" OR kind != "x';
    const out = compileFilter({ op: 'eq', attr: 'field', value: evil }, allowed);
    expect(out).toBe('field = "graphene\\" OR kind != \\"x"');
    expect(quoteFilterString('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quoteFilterString('石墨烯')).toBe('"石墨烯"');
  });

  it.each([
    [{ op: 'eq', attr: 'secret', value: 1 }, /not filterable: secret/],
    [{ op: 'eq', attr: 'kind = 1 OR x', value: 1 }, /not filterable/],
    [{ op: 'in', attr: 'field', values: [] }, /empty IN/],
    [{ op: 'range', attr: 'totalInvestmentFen' }, /empty range/],
    [{ op: 'range', attr: 'totalInvestmentFen', gte: Number.NaN }, /non-finite/],
    [{ op: 'or', nodes: [] }, /empty OR/],
  ] as const)('refuses %j', (node, message) => {
    expect(() => compileFilter(node as never, allowed)).toThrow(FilterCompileError);
    expect(() => compileFilter(node as never, allowed)).toThrow(message);
  });
});
