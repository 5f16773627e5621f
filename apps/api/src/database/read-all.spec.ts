import { EntityManager, QueryRunner } from 'typeorm';
import { DealEntity } from '../deals/deal.entity';
import { dealDto } from '../deals/deal-view';
import { readAll } from './read-all';

/**
 * A stand-in for an `EntityManager`: every statement (`query`, or `find` on any repository) resolves on a later
 * tick with `rows`, and the number of statements in flight at once is recorded — what a `pg` connection sees.
 * `bound`: the manager has a query runner (a transaction's: one connection), else it draws from the pool.
 */
function fakeManager(bound: boolean, rows: unknown[] = []) {
  const seen = { inFlight: 0, maxInFlight: 0, started: [] as string[] };
  const statement = async (label: string) => {
    seen.started.push(label);
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    await new Promise((r) => setImmediate(r));
    seen.inFlight -= 1;
    return rows;
  };
  const em = {
    queryRunner: bound ? ({} as QueryRunner) : undefined,
    query: (sql: string) => statement(sql),
    getRepository: (target: { name: string }) => ({ find: () => statement(target.name) }),
  } as unknown as EntityManager;
  return { em, seen };
}

/** A read of `value` that records when it starts and ends in `log`. */
const read =
  <T>(log: string[], name: string, value: T) =>
  async (): Promise<T> => {
    log.push(`start ${name}`);
    await new Promise((r) => setImmediate(r));
    log.push(`end ${name}`);
    return value;
  };

describe('readAll', () => {
  it('on a manager bound to one connection, runs the reads one after another, in order', async () => {
    const { em } = fakeManager(true);
    const log: string[] = [];
    const result: [number, string, boolean] = await readAll(em, [
      read(log, 'a', 1),
      read(log, 'b', 'two'),
      read(log, 'c', true),
    ]);
    expect(result).toEqual([1, 'two', true]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('on the pool (no query runner), starts every read before any ends', async () => {
    const { em } = fakeManager(false);
    const log: string[] = [];
    const result = await readAll(em, [read(log, 'a', 1), read(log, 'b', 2)]);
    expect(result).toEqual([1, 2]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('on a bound manager, rejects with the failure and starts no read after it', async () => {
    const { em } = fakeManager(true);
    const log: string[] = [];
    const failing = async (): Promise<number> => {
      log.push('start bad');
      throw new Error('bad read');
    };
    await expect(readAll(em, [read(log, 'a', 1), failing, read(log, 'c', 3)])).rejects.toThrow('bad read');
    expect(log).toEqual(['start a', 'end a', 'start bad']);
  });
});

describe('dealDto on one connection', () => {
  const deal = Object.assign(new DealEntity(), {
    id: 'd1',
    kind: 'challenge',
    amountFen: '100',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-02T00:00:00Z'),
  });

  it('never has two statements in flight in a transaction (pg queues the second one: deprecated)', async () => {
    const { em, seen } = fakeManager(true);
    const dto = await dealDto(em, { deal, roles: [] });
    expect(dto.id).toBe('d1');
    expect(seen.started.length).toBeGreaterThanOrEqual(8);
    expect(seen.maxInFlight).toBe(1);
  });

  it('reads the children in parallel on the pool', async () => {
    const { em, seen } = fakeManager(false);
    await dealDto(em, { deal, roles: [] });
    expect(seen.maxInFlight).toBeGreaterThan(1);
  });
});
