import { ListingIndexerService } from '../search/listing-indexer.service';
import { runCli } from './cli';

/** `npm run reindex`: rebuilds the search index from PostgreSQL through the `reindex` queue job. */
void runCli(async (app) => {
  const indexer = app.get(ListingIndexerService);
  await (await indexer.enqueueReindex()).finished();
  console.log('search index rebuilt from PostgreSQL');
});
