import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PgListener, type StopListening } from '../../apps/api/src/database/pg-listener';

/** Polls `cond` every 20 ms until true; fails after `ms` (a guard against hanging, not a timing assertion). */
async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * `PgListener` (the one LISTEN/NOTIFY helper of `LiveGateway`, `CalendarService`, `SessionCache` and
 * `SearchHitCache`) against the real PostgreSQL: payloads arrive, a killed listening connection is reported
 * (`onLost`) and reopened (and `onListening` runs again), stopping closes it for good, and a bad channel name is
 * refused.
 */
describe('PgListener (LISTEN/NOTIFY)', () => {
  const url = process.env.E2E_DATABASE_URL;
  let admin: Client;
  let pg: PgListener;
  const stops: StopListening[] = [];

  beforeAll(async () => {
    if (!url) throw new Error('E2E_DATABASE_URL missing: run through jest (globalSetup starts PostgreSQL)');
    admin = new Client({ connectionString: url });
    await admin.connect();
    // Only the options are read: the listener opens connections of its own, never the TypeORM pool.
    pg = new PgListener(new DataSource({ type: 'postgres', url }));
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await admin?.end();
  });

  const notify = (channel: string, payload: string) => admin.query('SELECT pg_notify($1, $2)', [channel, payload]);
  const listeners = async (channel: string): Promise<number[]> =>
    (
      await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN ${channel}`],
      )
    ).rows.map((r) => r.pid);

  it('hands each payload on its channel to onNotify, and nothing of other channels', async () => {
    const channel = `pgl_${process.pid}_a`;
    const got: string[] = [];
    let listening = 0;
    stops.push(
      await pg.listen(
        channel,
        (p) => void got.push(p),
        () => void listening++,
      ),
    );
    expect(listening).toBe(1);
    await notify(`${channel}_other`, 'elsewhere');
    await notify(channel, 'one');
    await notify(channel, '');
    await notify(channel, '{"id":"x"}');
    await until('three payloads', () => got.length >= 3);
    expect(got).toEqual(['one', '', '{"id":"x"}']);
  });

  it('reopens a killed listening connection, reports it lost, runs onListening again, and hears what follows', async () => {
    const channel = `pgl_${process.pid}_b`;
    const got: string[] = [];
    let listening = 0;
    let lost = 0;
    const stop = await pg.listen(
      channel,
      (p) => void got.push(p),
      () => void listening++,
      () => void lost++,
    );
    stops.push(stop);
    expect(lost).toBe(0);
    const [pid] = await listeners(channel);
    expect(pid).toBeDefined();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await until(
      'the channel listened to again',
      async () => listening === 2 && (await listeners(channel)).length === 1,
    );
    expect(lost).toBe(1);
    expect(await listeners(channel)).not.toContain(pid);
    await notify(channel, 'after');
    await until('the payload after the reconnect', () => got.includes('after'));
    // Stopping is not a loss.
    await stop();
    expect(lost).toBe(1);
  });

  it('keeps listening when a handler throws', async () => {
    const channel = `pgl_${process.pid}_c`;
    const got: string[] = [];
    stops.push(
      await pg.listen(channel, (p) => {
        got.push(p);
        if (p === 'bad') throw new Error('handler failure');
      }),
    );
    await notify(channel, 'bad');
    await notify(channel, 'good');
    await until('both payloads', () => got.length === 2);
    expect(got).toEqual(['bad', 'good']);
  });

  it('stops for good: the connection is closed and not reopened', async () => {
    const channel = `pgl_${process.pid}_d`;
    const got: string[] = [];
    const stop = await pg.listen(channel, (p) => void got.push(p));
    expect(await listeners(channel)).toHaveLength(1);
    await stop();
    await until('the connection closed', async () => (await listeners(channel)).length === 0);
    await notify(channel, 'unheard');
    // A listener still open would have received it by the time a second round trip through the server returns.
    await admin.query('SELECT 1');
    expect(got).toEqual([]);
    expect(await listeners(channel)).toHaveLength(0);
  });

  it('refuses a channel name LISTEN would not take unquoted', async () => {
    await expect(pg.listen('bad; DROP TABLE x', () => undefined)).rejects.toThrow('invalid channel name');
    await expect(pg.listen('Upper', () => undefined)).rejects.toThrow('invalid channel name');
  });
});
