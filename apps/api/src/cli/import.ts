import { readFileSync } from 'node:fs';
import { ImportService, splitImportFile } from '../import/import.service';
import { runCli } from './cli';

/**
 * `npm run import -- <file.json>`: validates and imports organisations and listings, prints the report as JSON
 * (accepted / updated / unchanged / rejected with the reason per row) and waits until the board shows them.
 * Exit code 0 when every row was accepted or unchanged, 3 when some rows were rejected.
 */
const file = process.argv[2];
if (!file) {
  console.error('用法: npm run import -- <file.json>');
  process.exit(2);
}
void runCli(async (app) => {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const report = await app.get(ImportService).import(splitImportFile(json));
  await Promise.all(report.indexJobs.map((j) => j.finished()));
  const { indexJobs, ...printable } = report;
  console.log(JSON.stringify({ ...printable, indexed: indexJobs.length }, null, 2));
  return report.rejected.length ? 3 : 0;
});
