import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organization_candidate_count`: how many organisations could be a ranking candidate, by type and by whether
 * they are in Inner Mongolia, kept by statement-level triggers on `organization`, so that the ranking counts its
 * candidates (36,000–85,000 at 100,000 organisations) by reading a few rows instead of scanning an index (~25 ms;
 * `matching.service.ts`, `bench/README.md`). A row counts the verified independent legal persons (the static part
 * of `candidateWhere`); `in_region` is that predicate's region test (`region_code` in 150000–159999). What
 * depends on the listing or the date — the poster's control group, credit records in force — the ranking
 * subtracts at query time. Each trigger adds the new rows' contributions and subtracts the old ones' in one
 * `INSERT … ON CONFLICT` (in key order, so that concurrent writers lock the counters in the same order); the
 * counters change in the writer's transaction, so every snapshot sees them agree with the table. TRUNCATE empties
 * them. (No CHECK (n >= 0): PostgreSQL checks the proposed row, a negative delta, before `ON CONFLICT` turns it
 * into an update; `test/e2e/ranking.e2e-spec.ts` compares the counters with a fresh count instead.)
 */
export class OrganizationCandidateCount1764489600000 implements MigrationInterface {
  name = 'OrganizationCandidateCount1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization_candidate_count (
        type varchar(32) NOT NULL,
        in_region boolean NOT NULL,
        n bigint NOT NULL,
        CONSTRAINT pk_organization_candidate_count PRIMARY KEY (type, in_region)
      )`);
    // A transition table exists only for the events that define it, hence one statement per event.
    const upsert = (deltas: string) => `
        INSERT INTO organization_candidate_count AS c (type, in_region, n)
        SELECT d.type, d.in_region, sum(d.delta) FROM (${deltas}) d
        GROUP BY d.type, d.in_region HAVING sum(d.delta) <> 0
        ORDER BY d.type, d.in_region
        ON CONFLICT (type, in_region) DO UPDATE SET n = c.n + excluded.n;`;
    const rows = (table: string, delta: number) => `
        SELECT r.type, coalesce(r.region_code BETWEEN '150000' AND '159999', false) AS in_region, ${delta} AS delta
        FROM ${table} r WHERE r.verified AND r.independent_legal_person`;
    await q.query(`
      CREATE FUNCTION organization_candidate_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN ${upsert(rows('new_rows', 1))}
        ELSIF TG_OP = 'UPDATE' THEN ${upsert(`${rows('new_rows', 1)} UNION ALL ${rows('old_rows', -1)}`)}
        ELSIF TG_OP = 'DELETE' THEN ${upsert(rows('old_rows', -1))}
        ELSE DELETE FROM organization_candidate_count;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_organization_candidate_count_insert AFTER INSERT ON organization
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_candidate_count_apply()`);
    await q.query(`
      CREATE TRIGGER tg_organization_candidate_count_update AFTER UPDATE ON organization
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION organization_candidate_count_apply()`);
    await q.query(`
      CREATE TRIGGER tg_organization_candidate_count_delete AFTER DELETE ON organization
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_candidate_count_apply()`);
    await q.query(`
      CREATE TRIGGER tg_organization_candidate_count_truncate AFTER TRUNCATE ON organization
      FOR EACH STATEMENT EXECUTE FUNCTION organization_candidate_count_apply()`);
    // The organisations already there, counted as the insert trigger counts new ones.
    await q.query(upsert(rows('organization', 1)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER tg_organization_candidate_count_${op} ON organization`);
    }
    await q.query(`DROP FUNCTION organization_candidate_count_apply()`);
    await q.query(`DROP TABLE organization_candidate_count`);
  }
}
