import 'reflect-metadata';
import { loadConfig } from '../config/env.config';
import { pendingMigrations, runMigrations } from '../database/data-source';
import { startRuntime } from '../runtime/runtime';

/**
 * `npm run db:migrate`: applies pending migrations to `DATABASE_URL` (or the embedded database); several runs at
 * once are serialised by an advisory lock. In the production image: `node -r ./docker/register-paths.js
 * dist/api/apps/api/src/cli/migrate.js` (the compose `migrate` service, the Kubernetes migration Job).
 * `--check`: applies nothing; exit 0 when the schema is up to date, 3 when migrations are pending (listed on
 * stderr) — the API Deployment's initContainer waits on it so that new pods start only after the Job migrated.
 */
async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const runtime = await startRuntime(loadConfig(), (l) => console.error(l));
  try {
    if (check) {
      const pending = await pendingMigrations(runtime.databaseUrl);
      if (pending.length) console.error(`pending migrations: ${pending.join(', ')}`);
      else console.log('database schema is up to date');
      return pending.length ? 3 : 0;
    }
    const applied = await runMigrations(runtime.databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database schema is up to date');
    return 0;
  } finally {
    await runtime.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).stack ?? String(e));
    process.exit(1);
  },
);
