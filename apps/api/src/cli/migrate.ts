import 'reflect-metadata';
import { loadConfig } from '../config/env.config';
import { runMigrations } from '../database/data-source';
import { startRuntime } from '../runtime/runtime';

/** `npm run db:migrate`: applies pending migrations to `DATABASE_URL` (or the embedded database). */
async function main(): Promise<void> {
  const runtime = await startRuntime(loadConfig(), (l) => console.error(l));
  try {
    const applied = await runMigrations(runtime.databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database schema is up to date');
  } finally {
    await runtime.stop();
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
