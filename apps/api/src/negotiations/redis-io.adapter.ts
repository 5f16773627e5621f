import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io with the Redis adapter, so that several API processes share rooms (ARCHITECTURE practice 7). Its two
 * connections log their errors (a Redis restart is reported, not thrown into the process) and close gracefully:
 * `quit` lets the replies already asked for arrive, so nothing in flight is rejected with "Connection is closed".
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly logger = new Logger(RedisIoAdapter.name);

  constructor(app: INestApplicationContext, redisUrl: string) {
    super(app);
    this.pub = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate();
    for (const [name, client] of [
      ['pub', this.pub],
      ['sub', this.sub],
    ] as const) {
      client.on('error', (e: Error) => this.logger.warn(`socket.io Redis ${name}: ${e.message}`));
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  /**
   * Closes the Redis connections once every socket.io server is closed. Nest calls `close(server)` for the root
   * server and for each namespace, all at once, and then `dispose()` once: quitting in `close` let one namespace's
   * close quit the connections while another's adapter was still unsubscribing ("Connection is closed", EPIPE).
   */
  override async dispose(): Promise<void> {
    await super.dispose();
    const graceful = (c: Redis) =>
      Promise.race([c.quit(), new Promise((r) => setTimeout(r, 2000).unref())])
        .catch(() => undefined)
        .finally(() => c.disconnect());
    await Promise.all([this.pub, this.sub].map(graceful));
  }
}
