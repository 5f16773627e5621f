import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** Delay before listening again after a listening connection failed or ended (ms). */
export const RELISTEN_MS = 2_000;

/** A PostgreSQL channel name as `LISTEN` takes it unquoted: lower-case letters, digits and `_`, 63 at most. */
const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Stops listening: closes the connection and cancels a pending retry. Resolves once the connection is closed. */
export type StopListening = () => Promise<void>;

/**
 * PostgreSQL LISTEN/NOTIFY for the API's processes: one home for the listening connection that
 * `LiveGateway` (channel `jiebang_notification`), `CalendarService` (channel `jiebang_calendar`), `SessionCache`
 * (channel `jiebang_auth`) and `SearchHitCache` (channel `jiebang_search`) keep open.
 *
 * `listen()` opens a `pg` connection of its own (outside the TypeORM pool, with the DataSource's connection
 * options: `url`, else host/port/username/password/database), runs `LISTEN <channel>`, and calls `onNotify` with
 * each notification's payload on that channel. When the connection fails or ends (database restart, network), it
 * is closed and opened again after `RELISTEN_MS` (2 s), for as long as it takes; `onListening` runs each time the
 * channel is listened to (first time and after every reconnect), so a caller that must not miss a change made
 * while disconnected reloads its state there. Notifications sent while disconnected are not replayed; `onLost`
 * runs when the listening connection is found failed or ended (and when an attempt to listen fails), so a caller
 * that trusts its state only while it hears every notification (`SearchHitCache`) stops trusting it until the
 * next `onListening`. A connection that dies silently (no error, no end: a network partition) is noticed only
 * when the operating system gives up on it.
 *
 * One connection per `listen()` call. The returned function stops it (call it from `onModuleDestroy`).
 */
@Injectable()
export class PgListener {
  private readonly logger = new Logger(PgListener.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Listens on `channel` until the returned function is called.
   * @param channel the channel (lower-case identifier; anything else throws an `Error`: a programming mistake).
   * @param onNotify called with the payload (`''` when the notification had none) of every notification on
   *   `channel`; an exception it throws is logged, never ends the listening.
   * @param onListening awaited each time `LISTEN` succeeded (start and every reconnect); an exception it throws is
   *   logged.
   * @param onLost called (synchronously, before the retry is scheduled) each time the listening connection failed
   *   or ended, and when an attempt to connect or to `LISTEN` failed; never after the returned function was
   *   called. An exception it throws is logged.
   * @returns resolves after the first attempt to listen (succeeded, or failed and a retry scheduled: start-up never
   *   fails because the database is briefly away) with the function that stops listening.
   */
  async listen(
    channel: string,
    onNotify: (payload: string) => void | Promise<void>,
    onListening?: () => void | Promise<void>,
    onLost?: () => void,
  ): Promise<StopListening> {
    if (!CHANNEL_PATTERN.test(channel)) throw new Error(`PgListener: invalid channel name ${JSON.stringify(channel)}`);
    const state: { client?: Client; retry?: NodeJS.Timeout; closing: boolean } = { closing: false };
    const warn = (what: string, e: unknown) =>
      this.logger.warn(`LISTEN ${channel}: ${what} (${(e as Error)?.message ?? String(e)})`);
    const guard = (what: string, fn: () => void | Promise<void>) => {
      try {
        return Promise.resolve(fn()).catch((e: unknown) => warn(what, e));
      } catch (e) {
        warn(what, e);
        return Promise.resolve();
      }
    };

    const open = async (): Promise<void> => {
      const client = new Client(this.clientConfig());
      const again = (e: unknown) => {
        if (state.closing || state.client !== client) return;
        state.client = undefined;
        warn('the listening connection failed; retrying', e);
        if (onLost) void guard('on-lost handler failed', onLost);
        void client.end().catch(() => undefined);
        state.retry = setTimeout(() => void open(), RELISTEN_MS);
      };
      state.client = client;
      client.on('error', again);
      client.on('end', () => again(new Error('connection ended')));
      client.on('notification', (n) => {
        if (n.channel === channel) void guard('handler failed', () => onNotify(n.payload ?? ''));
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${channel}`);
      } catch (e) {
        again(e);
        return;
      }
      if (onListening && state.client === client) await guard('on-listening handler failed', onListening);
    };

    await open();
    return async () => {
      state.closing = true;
      clearTimeout(state.retry);
      const client = state.client;
      state.client = undefined;
      await client?.end().catch(() => undefined);
    };
  }

  /** The DataSource's connection options as a `pg` client configuration. */
  private clientConfig(): ConstructorParameters<typeof Client>[0] {
    const options = this.db.options as PostgresConnectionOptions;
    return options.url
      ? { connectionString: options.url }
      : {
          host: options.host,
          port: options.port,
          user: options.username,
          password: typeof options.password === 'string' ? options.password : undefined,
          database: options.database,
        };
  }
}
