import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * A fingerprint of every table of the database: its row count and the newest `xmin` (the transaction that
 * wrote the newest row version). An insert or delete changes the count; an update writes a new row version
 * and so a new `xmin`. Two equal snapshots mean that nothing was written in between (a refused request
 * "changes nothing").
 */
export async function tableSnapshot(app: INestApplication): Promise<Record<string, string>> {
  const db = app.get(DataSource);
  const tables: { t: string }[] = await db.query(
    `SELECT relname AS t FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`,
  );
  const sql = tables
    .map(
      ({ t }) =>
        `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text AS v FROM "${t}"`,
    )
    .join(' UNION ALL ');
  const rows: { t: string; v: string }[] = await db.query(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The tables whose fingerprint differs between two snapshots (empty when nothing was written). */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

/** A JSON text nested `depth` levels deep (`{"a":{"a":…}}`), as a hostile client would send it. */
export function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
