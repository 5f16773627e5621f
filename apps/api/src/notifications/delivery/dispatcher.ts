import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliverPayload, DigestPayload, NOTIFY_QUEUE, NotifyJob } from '@jiebang/contracts';
import { EnvConfig } from '../../config/env.config';
import { JobsService } from '../../jobs/jobs.service';
import { LiveGateway } from '../live.gateway';
import { NotificationDeliveryService } from './delivery.service';
import { beijingDate, nextDailyRun } from './compose';

/** How often the sweep runs (ms). */
export const SWEEP_EVERY_MS = 30_000;
/** A notification not dispatched this long after it was written was missed by LISTEN (ms). */
const MISSED_AFTER_MS = 10_000;
/** Notifications older than this are never dispatched by the sweep (e.g. written while e-mail was off). */
const SWEEP_HORIZON = '1 day';
/** A failed send is tried again by the sweep after this long (ms)… */
export const RETRY_FAILED_AFTER_MS = 5 * 60_000;
/** …until it has been attempted this often (each job run counts its own attempts). */
export const MAX_DELIVERY_ATTEMPTS = 12;

/**
 * Hands committed notifications to outward delivery (issue 14 item 2), never on the request path:
 * - on each notification announced by PostgreSQL after its transaction committed (`LiveGateway.onAnnouncement`,
 *   trigger of migration 1764750000000), a `notify/deliver` job with the deterministic id `deliver:<id>:0` (BullMQ
 *   keeps one per id; the delivery record's unique key covers the rest), then marks it `dispatched_at`; a rolled-back
 *   notification is never announced, so nothing is sent for it;
 * - a sweep every `SWEEP_EVERY_MS` (`notify/sweep`: one BullMQ job scheduler for all processes, or an interval)
 *   dispatches notifications LISTEN missed (connection down, process restarting) and retries failed sends after
 *   `RETRY_FAILED_AFTER_MS`, at most `MAX_DELIVERY_ATTEMPTS` attempts — so an SMTP outage loses nothing;
 * - the daily digest at `DIGEST_AT` Beijing time (`notify/digest`, a delayed job `digest:<date>` re-armed after
 *   each run and at start).
 */
@Injectable()
export class NotificationDispatcher implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationDispatcher.name);
  private closing = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly delivery: NotificationDeliveryService,
    private readonly config: EnvConfig,
    private readonly live: LiveGateway,
  ) {}

  onModuleInit(): void {
    this.jobs.register<DeliverPayload>(NOTIFY_QUEUE, NotifyJob.Deliver, async (p) => {
      await this.delivery.deliver(p.notificationId);
    });
    this.jobs.register<DigestPayload>(NOTIFY_QUEUE, NotifyJob.Digest, (p) => this.runDigest(p));
    this.jobs.register(NOTIFY_QUEUE, NotifyJob.Sweep, () => this.sweep().then(() => undefined));
    this.live.onAnnouncement((a) => {
      this.dispatch(a.id).catch((e: unknown) => {
        if (!this.closing) this.logger.warn(`dispatching notification ${a.id} failed (the sweep retries): ${e}`);
      });
    });
  }

  /** Starts the sweep and arms the next digest (only when a channel is on). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.delivery.active) return;
    await this.jobs.repeat(NOTIFY_QUEUE, NotifyJob.Sweep, {}, SWEEP_EVERY_MS);
    await this.armDigest();
  }

  onModuleDestroy(): void {
    this.closing = true;
  }

  /** Enqueues the delivery of one committed notification and marks it dispatched. */
  async dispatch(notificationId: string): Promise<void> {
    if (!this.delivery.active || this.closing) return;
    await this.jobs.enqueue<DeliverPayload>(
      NOTIFY_QUEUE,
      NotifyJob.Deliver,
      { notificationId },
      `deliver:${notificationId}:0`,
    );
    await this.db.query(`UPDATE notification SET dispatched_at = now() WHERE id = $1 AND dispatched_at IS NULL`, [
      notificationId,
    ]);
  }

  /**
   * Dispatches notifications missed by LISTEN (written more than `MISSED_AFTER_MS` ago, within `SWEEP_HORIZON`)
   * and re-enqueues failed sends last tried more than `retryAfterMs` ago with fewer than `MAX_DELIVERY_ATTEMPTS`
   * attempts (job id `deliver:<id>:<attempts>`, so a later round is a new job). Returns how many jobs it enqueued.
   */
  async sweep(retryAfterMs = RETRY_FAILED_AFTER_MS): Promise<number> {
    if (!this.delivery.active || this.closing) return 0;
    let enqueued = 0;
    const missed = (await this.db.query(
      `SELECT id FROM notification
       WHERE dispatched_at IS NULL AND created_at < now() - make_interval(secs => $1)
         AND created_at > now() - interval '${SWEEP_HORIZON}'
       ORDER BY created_at LIMIT 500`,
      [MISSED_AFTER_MS / 1000],
    )) as { id: string }[];
    for (const { id } of missed) {
      await this.dispatch(id);
      enqueued += 1;
    }
    const failed = (await this.db.query(
      `SELECT notification_id AS "notificationId", digest_date::text AS "digestDate", max(attempts) AS attempts
       FROM notification_delivery
       WHERE status = 'failed' AND attempts < $1 AND updated_at <= now() - make_interval(secs => $2)
       GROUP BY notification_id, digest_date LIMIT 500`,
      [MAX_DELIVERY_ATTEMPTS, retryAfterMs / 1000],
    )) as { notificationId: string | null; digestDate: string | null; attempts: number }[];
    for (const f of failed) {
      if (f.notificationId) {
        await this.jobs.enqueue<DeliverPayload>(
          NOTIFY_QUEUE,
          NotifyJob.Deliver,
          { notificationId: f.notificationId },
          `deliver:${f.notificationId}:${f.attempts}`,
        );
      } else if (f.digestDate) {
        await this.jobs.enqueue<DigestPayload>(
          NOTIFY_QUEUE,
          NotifyJob.Digest,
          { date: f.digestDate },
          `digest:${f.digestDate}:${f.attempts}`,
        );
      }
      enqueued += 1;
    }
    return enqueued;
  }

  /** The digest job: sends the day's digest, then arms the next one (also when this one failed). */
  private async runDigest(p: DigestPayload): Promise<void> {
    try {
      await this.delivery.digest(p.date ?? beijingDate(new Date()));
    } finally {
      if (!this.closing) await this.armDigest();
    }
  }

  /** Arms the next digest at `DIGEST_AT` Beijing time (one job per day: id `digest:<date>`). */
  private async armDigest(): Promise<void> {
    const at = nextDailyRun(new Date(), this.config.DIGEST_AT);
    const date = beijingDate(at);
    await this.jobs.schedule<DigestPayload>(NOTIFY_QUEUE, NotifyJob.Digest, { date }, at, `digest:${date}`);
  }
}
