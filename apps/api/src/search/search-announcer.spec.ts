import type { DataSource } from 'typeorm';
import { AnnouncingSearchEngine, SEARCH_CHANNEL, SearchAnnouncer } from './search-announcer';
import { IndexDefinition, SearchEngine, SearchResult } from './search-engine.port';

const DEF: IndexDefinition = { name: 'listings', searchable: [], filterable: [], sortable: [] };

/** Records, in order, the engine's writes and the announcements (`local:` this process, `notify:` PostgreSQL). */
function setup(fail = false) {
  const log: string[] = [];
  const db = {
    query: async (_sql: string, [channel, uid]: string[]) => void log.push(`notify:${channel}:${uid}`),
  } as unknown as DataSource;
  const announcer = new SearchAnnouncer(db);
  announcer.subscribe((uid) => log.push(`local:${uid}`));
  const write = (what: string) => async () => {
    await new Promise((r) => setImmediate(r)); // the engine task takes a while
    log.push(what);
    if (fail) throw new Error(`${what} failed`);
  };
  class Engine extends SearchEngine {
    ensureIndex = write('ensureIndex');
    upsert = write('upsert');
    delete = write('delete');
    replaceAll = write('replaceAll');
    search = async <T>(): Promise<SearchResult<T>[]> => [];
    version = async () => 'v';
    count = async () => 0;
    ping = async () => undefined;
    override indexUid(def: IndexDefinition): string {
      return `p_${def.name}`;
    }
  }
  return { log, engine: new AnnouncingSearchEngine(new Engine(), announcer) };
}

describe('AnnouncingSearchEngine', () => {
  it('announces every index write after the engine has done it: here first, then on jiebang_search with the uid', async () => {
    const { log, engine } = setup();
    await engine.ensureIndex(DEF);
    await engine.upsert(DEF, [{ id: 'a' }]);
    await engine.delete(DEF, ['a']);
    await engine.replaceAll(DEF, []);
    const announced = (w: string) => [w, 'local:p_listings', `notify:${SEARCH_CHANNEL}:p_listings`];
    expect(log).toEqual([
      ...announced('ensureIndex'),
      ...announced('upsert'),
      ...announced('delete'),
      ...announced('replaceAll'),
    ]);
  });

  it('says nothing for writes of nothing, nor for reads', async () => {
    const { log, engine } = setup();
    await engine.upsert(DEF, []);
    await engine.delete(DEF, []);
    await engine.search(DEF, []);
    await engine.version(DEF);
    await engine.count(DEF);
    expect(log).toEqual(['upsert', 'delete']);
    expect(engine.indexUid(DEF)).toBe('p_listings');
  });

  it('announces a failed write too (part of it may be done), then throws its error', async () => {
    const { log, engine } = setup(true);
    await expect(engine.upsert(DEF, [{ id: 'a' }])).rejects.toThrow('upsert failed');
    expect(log).toEqual(['upsert', 'local:p_listings', `notify:${SEARCH_CHANNEL}:p_listings`]);
  });

  it('never rejects an announcement: a failing listener or an unreachable PostgreSQL is only logged', async () => {
    const db = { query: async () => Promise.reject(new Error('connection refused')) } as unknown as DataSource;
    const announcer = new SearchAnnouncer(db);
    const heard: string[] = [];
    announcer.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = announcer.subscribe((uid) => heard.push(uid));
    await expect(announcer.announce('listings')).resolves.toBeUndefined();
    unsubscribe();
    await announcer.announce('organizations');
    expect(heard).toEqual(['listings']);
  });
});
