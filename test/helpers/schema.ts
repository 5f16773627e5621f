import { DataSource, QueryRunner } from 'typeorm';
import { SqlInMemory } from 'typeorm/driver/SqlInMemory';

/**
 * The SQL TypeORM would run to make the database equal the entities (`upQueries` empty: every entity change has
 * its migration), as `db.driver.createSchemaBuilder().log()` returns it — with that schema builder's statements
 * issued one at a time.
 *
 * TypeORM's PostgreSQL schema reader (`PostgresQueryRunner.loadTables`) sends its information_schema look-ups with
 * `Promise.all` on its one connection, so `pg` queues them and reports "Calling client.query() when the client is
 * already executing a query" as deprecated (removed in pg 9). Here the query runner the schema builder takes
 * from `db` chains them instead; its results are unchanged.
 */
export async function schemaLog(db: DataSource): Promise<SqlInMemory> {
  const own = Object.prototype.hasOwnProperty.call(db, 'createQueryRunner');
  const original = db.createQueryRunner;
  db.createQueryRunner = (mode) => oneAtATime(original.call(db, mode));
  try {
    return await db.driver.createSchemaBuilder().log();
  } finally {
    if (own) db.createQueryRunner = original;
    else delete (db as Partial<Pick<DataSource, 'createQueryRunner'>>).createQueryRunner;
  }
}

/** `runner`, with each `query` started only after the previous one settled (in the order they were called). */
function oneAtATime(runner: QueryRunner): QueryRunner {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  let last: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: unknown[]) => {
    const next = last.then(() => query(...args));
    last = next.catch(() => undefined);
    return next;
  }) as QueryRunner['query'];
  return runner;
}
