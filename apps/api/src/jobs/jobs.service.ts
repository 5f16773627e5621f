import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';

/** A job handler: a thin function delegating to a service (ARCHITECTURE practice 6). */
export type JobHandler<P> = (payload: P) => Promise<void>;

/** What `enqueue` returns: resolves when the job has completed, rejects when it finally failed. */
export interface JobHandle {
  id: string;
  finished(): Promise<void>;
}

/** How often `finished()` also asks Redis for a BullMQ job's state (ms). */
const FINISHED_POLL_MS = 250;

/**
 * Resolves when a BullMQ job has completed, rejects when it has failed for good. Listens to the queue's events and
 * also asks for the job's state every `FINISHED_POLL_MS`: `QueueEvents` reads its stream from the moment its first
 * read starts, which may be after `waitUntilReady()`, so a job finishing in between was never announced to it and
 * `waitUntilFinished` alone waited forever (a suite's first import hung its set-up for two minutes).
 */
function settledBullJob(queue: Queue, job: Job, events: QueueEvents): Promise<void> {
  let done = false;
  const byEvent = job.waitUntilFinished(events).then(() => undefined);
  const byState = (async () => {
    while (!done) {
      const state = await queue.getJobState(String(job.id));
      if (state === 'completed') return;
      if (state === 'failed') {
        const failed = await Job.fromId(queue, String(job.id));
        throw new Error(failed?.failedReason || `job ${job.id} failed`);
      }
      await new Promise((r) => setTimeout(r, FINISHED_POLL_MS));
    }
  })();
  const settled = Promise.race([byEvent, byState]).finally(() => (done = true));
  // The loser settles later (or on close); nobody waits for it.
  byEvent.catch(() => undefined);
  byState.catch(() => undefined);
  return settled;
}

/** Central job defaults: 3 attempts with exponential back-off; failed jobs are kept for inspection. */
export const JOB_DEFAULTS = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: true,
  removeOnFail: false,
};

/** Options of the jobs service: a Redis URL selects BullMQ, otherwise jobs run in this process. */
export class JobsOptions {
  constructor(
    readonly redisUrl: string | undefined,
    readonly prefix: string,
  ) {}
}

function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Runs background jobs. With `REDIS_URL`: BullMQ queues and workers (deterministic `jobId`s make enqueueing
 * idempotent). Without: the same handlers run in-process with the same retry policy. Queue and job names come
 * from `@jiebang/contracts`.
 */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly logger = new Logger(JobsService.name);
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly queues = new Map<string, { queue: Queue; worker: Worker; events: QueueEvents }>();
  private readonly inflight = new Set<Promise<void>>();
  /** In-process delayed jobs by id (cleared on module destroy) and periodic timers. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: JobsOptions) {}

  /** `bullmq` or `in-process`. */
  get mode(): 'bullmq' | 'in-process' {
    return this.options.redisUrl ? 'bullmq' : 'in-process';
  }

  /** Registers the handler of `queue`/`name`; with BullMQ this starts the queue's worker. */
  register<P>(queue: string, name: string, handler: JobHandler<P>): void {
    this.handlers.set(`${queue}/${name}`, handler as JobHandler<unknown>);
    if (this.options.redisUrl) this.bull(queue);
  }

  private bull(queueName: string) {
    let q = this.queues.get(queueName);
    if (q) return q;
    const connection = redisConnection(this.options.redisUrl as string);
    const prefix = this.options.prefix;
    const queue = new Queue(queueName, { connection, prefix, defaultJobOptions: JOB_DEFAULTS });
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const handler = this.handlers.get(`${queueName}/${job.name}`);
        if (!handler) throw new Error(`no handler for ${queueName}/${job.name}`);
        await handler(job.data);
      },
      { connection, prefix, concurrency: 4 },
    );
    worker.on('failed', (job, err) =>
      this.logger.warn(
        `job ${queueName}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`,
      ),
    );
    const events = new QueueEvents(queueName, { connection, prefix });
    q = { queue, worker, events };
    this.queues.set(queueName, q);
    return q;
  }

  /**
   * Enqueues a job. `jobId` should be deterministic (e.g. `index-listing:<id>:<updatedAt>`): BullMQ ignores a
   * second job with an id that is still queued.
   * @throws Error when no handler is registered for `queue`/`name`.
   */
  async enqueue<P>(queue: string, name: string, payload: P, jobId?: string): Promise<JobHandle> {
    const handler = this.handlers.get(`${queue}/${name}`);
    if (!handler) throw new Error(`no handler registered for ${queue}/${name}`);
    if (this.options.redisUrl) {
      const { queue: q, events } = this.bull(queue);
      await events.waitUntilReady();
      const job = await q.add(name, payload, { jobId: jobId?.replace(/:/g, '_') });
      return { id: String(job.id), finished: () => settledBullJob(q, job, events) };
    }
    const id = jobId ?? `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const run = this.runInProcess(`${queue}/${name}`, handler, payload);
    this.inflight.add(run);
    const settled = run.finally(() => this.inflight.delete(run));
    settled.catch(() => undefined);
    return { id, finished: () => settled };
  }

  /**
   * Schedules a job to run at `at` (a past instant runs it at once): BullMQ's `delay` option with Redis, else an
   * in-process timer (cleared on module destroy; a restart forgets it, so callers keep a periodic sweep). `jobId`
   * is required and makes scheduling idempotent: while a job of that id is waiting, a second `schedule` is ignored
   * (returns false). The handler must re-check that its work is still due (the state may have moved on).
   * @returns true when a job was scheduled, false when one of that id was already waiting.
   * @throws Error when no handler is registered for `queue`/`name`.
   */
  async schedule<P>(queue: string, name: string, payload: P, at: Date, jobId: string): Promise<boolean> {
    const handler = this.handlers.get(`${queue}/${name}`);
    if (!handler) throw new Error(`no handler registered for ${queue}/${name}`);
    const delay = Math.max(0, at.getTime() - Date.now());
    if (this.options.redisUrl) {
      const { queue: q } = this.bull(queue);
      const id = jobId.replace(/:/g, '_');
      const existing = await q.getJob(id);
      if (existing && ['delayed', 'waiting', 'active', 'prioritized'].includes(await existing.getState())) return false;
      if (existing) await existing.remove().catch(() => undefined);
      await q.add(name, payload, { jobId: id, delay });
      return true;
    }
    const key = `${queue}/${name}/${jobId}`;
    if (this.timers.has(key) || this.closed) return false;
    // setTimeout holds at most 2^31-1 ms (~24.8 days): longer delays wait in steps.
    const arm = (ms: number) => {
      const step = Math.min(ms, 2 ** 31 - 1);
      const t = setTimeout(() => {
        if (ms > step) return arm(ms - step);
        this.timers.delete(key);
        const run = this.runInProcess(`${queue}/${name}`, handler, payload);
        this.inflight.add(run);
        run.catch(() => undefined).finally(() => this.inflight.delete(run));
      }, step);
      t.unref();
      this.timers.set(key, t);
    };
    arm(delay);
    return true;
  }

  /** Ids of the in-process delayed jobs still waiting (`queue/name/jobId`); empty with BullMQ (tests, health). */
  scheduledInProcess(): string[] {
    return [...this.timers.keys()];
  }

  /**
   * Runs `queue`/`name` every `everyMs` (a sweep behind the delayed jobs): a BullMQ job scheduler with Redis (one
   * per `queue/name`, shared by every API process), else an in-process interval cleared on module destroy.
   */
  async repeat<P>(queue: string, name: string, payload: P, everyMs: number): Promise<void> {
    const handler = this.handlers.get(`${queue}/${name}`);
    if (!handler) throw new Error(`no handler registered for ${queue}/${name}`);
    if (this.options.redisUrl) {
      await this.bull(queue).queue.upsertJobScheduler(`${name}-every`, { every: everyMs }, { name, data: payload });
      return;
    }
    const t = setInterval(() => {
      if (this.closed) return;
      const run = this.runInProcess(`${queue}/${name}`, handler, payload);
      this.inflight.add(run);
      run.catch(() => undefined).finally(() => this.inflight.delete(run));
    }, everyMs);
    t.unref();
    this.intervals.add(t);
  }

  private async runInProcess<P>(what: string, handler: JobHandler<P>, payload: P): Promise<void> {
    await new Promise((r) => setImmediate(r));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler(payload);
        return;
      } catch (e) {
        this.logger.warn(`job ${what} failed (attempt ${attempt}): ${(e as Error).message}`);
        if (attempt >= JOB_DEFAULTS.attempts || this.closed) throw e;
        await new Promise((r) => setTimeout(r, JOB_DEFAULTS.backoff.delay * 2 ** (attempt - 1)));
      }
    }
  }

  /** Checks Redis with a real round trip (BullMQ mode); resolves at once in-process. */
  async ping(): Promise<void> {
    if (!this.options.redisUrl) return;
    const [first] = this.queues.values();
    const queue = first?.queue ?? this.bull('health').queue;
    await queue.getJobCountByTypes('waiting');
  }

  /** Waits for every in-process job started so far (used by CLIs and tests). */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const t of this.intervals) clearInterval(t);
    this.intervals.clear();
    await this.drain();
    for (const { worker, queue, events } of this.queues.values()) {
      await worker.close();
      await events.close();
      await queue.close();
    }
    this.queues.clear();
  }
}
