import { EntityManager } from 'typeorm';

/**
 * Runs independent reads on `em` and returns their results in order, as `Promise.all` would.
 *
 * A `pg` connection runs one statement at a time. A manager bound to one connection (a transaction's manager, or
 * any manager with a `queryRunner`) would queue a statement behind the one running, which `pg` 8 reports once per
 * process as a deprecation ("Calling client.query() when the client is already executing a query", removed in
 * pg 9): there the reads run one after another, in the order given, and gain nothing from running together anyway.
 * A manager without a query runner (`DataSource.manager`) draws a pooled connection per statement: there they run
 * in parallel.
 *
 * @param em the manager the reads use (each read must use this manager only).
 * @param reads functions starting each read; a read is started only when its turn comes on a bound manager.
 * @returns the results, in the order of `reads`; rejects with the first failure (on a bound manager, the reads
 *   after a failed one are not started).
 */
export async function readAll<T extends unknown[]>(
  em: EntityManager,
  reads: [...{ [K in keyof T]: () => Promise<T[K]> }],
): Promise<T> {
  const starts = reads as (() => Promise<unknown>)[];
  if (!em.queryRunner) return (await Promise.all(starts.map((read) => read()))) as T;
  const results: unknown[] = [];
  for (const read of starts) results.push(await read());
  return results as T;
}
