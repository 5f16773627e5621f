import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  DeliveryChannel,
  DeliveryPageDto,
  DeliveryQueryDto,
  EmailChoice,
  NotificationCategory,
} from '@jiebang/contracts';
import { EnvConfig } from '../../config/env.config';
import { EMAIL_CHANNEL, NotificationChannel, OutboundMessage, SMS_CHANNEL } from './channels';
import {
  beijingDate,
  composeDigestEmail,
  composeNotificationEmail,
  composeSms,
  deliveryError,
  digestCategories,
  DigestItem,
  effectivePreference,
  PreferenceOverrides,
} from './compose';

/** A claimed send left in `sending` longer than this (a process died mid-send) may be claimed again (minutes). */
const STALE_SENDING_MINUTES = 10;

/** A recipient as delivery needs it. */
interface Recipient {
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  orgId: string | null;
}

/** What identifies one send: a notification's (`notificationId`) or a digest day's (`digestDate`). */
type DeliveryKey = { userId: string; channel: DeliveryChannel; address: string } & (
  { notificationId: string; digestDate?: undefined } | { digestDate: string; notificationId?: undefined }
);

/** The outcome of one delivery run: sends made now, sends that failed (recorded, retried by the job). */
export interface DeliveryOutcome {
  sent: number;
  failed: number;
}

/**
 * Sends committed notifications outward (issue 14 item 2): each notification to each recipient (the user, or the
 * organisation's active users) who wants its category by e-mail at once and has an address, and by SMS when they
 * turned SMS on and have a number; the daily digest to each user with digest categories. Every send is recorded in
 * `notification_delivery` and claimed before it is made, so a retried job, the sweep or a second API process never
 * sends the same thing twice; a failure is recorded (`failed`, `error`) and the job fails so that it is retried.
 * Runs only inside jobs (`NotificationDispatcher`), never on a request.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: EnvConfig,
    @Inject(EMAIL_CHANNEL) private readonly email: NotificationChannel,
    @Inject(SMS_CHANNEL) private readonly sms: NotificationChannel,
  ) {}

  /** Whether any outward channel is on (else nothing is dispatched). */
  get active(): boolean {
    return this.email.enabled || this.sms.enabled;
  }

  /**
   * Delivers one notification. A notification that no longer exists is ignored.
   * @throws Error naming how many sends failed (after recording each), so that the job retries them.
   */
  async deliver(notificationId: string): Promise<DeliveryOutcome> {
    const [n] = (await this.db.query(
      `SELECT id, user_id AS "userId", org_id AS "orgId", title, body, link, category
       FROM notification WHERE id = $1`,
      [notificationId],
    )) as {
      id: string;
      userId: string | null;
      orgId: string | null;
      title: string;
      body: string;
      link: string | null;
      category: NotificationCategory;
    }[];
    const outcome: DeliveryOutcome = { sent: 0, failed: 0 };
    if (!n || !this.active) return outcome;
    const recipients = (await this.db.query(
      `SELECT id, display_name AS "displayName", email, phone, org_id AS "orgId" FROM app_user
       WHERE disabled_at IS NULL AND (id = $1 OR ($2::uuid IS NOT NULL AND org_id = $2::uuid))`,
      [n.userId, n.orgId],
    )) as Recipient[];
    if (!recipients.length) return outcome;
    const prefs = await this.overrides(recipients.map((r) => r.id));
    const publicUrl = this.config.PUBLIC_URL;
    for (const r of recipients) {
      const p = effectivePreference(prefs.get(r.id) ?? {}, n.category);
      if (this.email.enabled && p.email === 'immediate' && r.email) {
        const mail = composeNotificationEmail(n, r.displayName, publicUrl);
        await this.sendOnce(
          { notificationId: n.id, userId: r.id, channel: 'email', address: r.email },
          { to: r.email, ...mail },
          outcome,
        );
      }
      if (this.sms.enabled && p.sms && r.phone) {
        await this.sendOnce(
          { notificationId: n.id, userId: r.id, channel: 'sms', address: r.phone },
          { to: r.phone, subject: '', text: composeSms(n, publicUrl) },
          outcome,
        );
      }
    }
    if (outcome.failed) throw new Error(`${outcome.failed} send(s) of notification ${n.id} failed`);
    return outcome;
  }

  /**
   * E-mails the daily digest of `date` (Beijing `YYYY-MM-DD`, default today's): to each active user with an e-mail
   * address and at least one `digest` category, one message listing their unread notifications of those
   * categories from the 24 hours before now; nobody with nothing unread is e-mailed. Once per user and day.
   * @throws Error naming how many digests failed (each recorded), so that the job retries them.
   */
  async digest(date: string = beijingDate(new Date()), now: Date = new Date()): Promise<DeliveryOutcome> {
    const outcome: DeliveryOutcome = { sent: 0, failed: 0 };
    if (!this.email.enabled) return outcome;
    const users = (await this.db.query(
      `SELECT id, display_name AS "displayName", email, phone, org_id AS "orgId" FROM app_user
       WHERE disabled_at IS NULL AND email IS NOT NULL ORDER BY id`,
    )) as Recipient[];
    const prefs = await this.overrides(users.map((u) => u.id));
    const since = new Date(now.getTime() - 24 * 3600 * 1000);
    for (const u of users) {
      const categories = digestCategories(prefs.get(u.id) ?? {});
      if (!categories.length || !u.email) continue;
      const items = (await this.db.query(
        `SELECT title, body, link, category, created_at AS "createdAt" FROM notification
         WHERE (user_id = $1 OR ($2::uuid IS NOT NULL AND org_id = $2::uuid))
           AND read_at IS NULL AND category = ANY($3) AND created_at > $4 AND created_at <= $5
         ORDER BY created_at`,
        [u.id, u.orgId, categories, since, now],
      )) as DigestItem[];
      if (!items.length) continue;
      const mail = composeDigestEmail(items, u.displayName, date, this.config.PUBLIC_URL);
      await this.sendOnce(
        { digestDate: date, userId: u.id, channel: 'email', address: u.email },
        { to: u.email, ...mail },
        outcome,
      );
    }
    if (outcome.failed) throw new Error(`${outcome.failed} digest(s) of ${date} failed`);
    return outcome;
  }

  /**
   * Outward sends for staff (`GET /api/v1/notifications/deliveries`), optionally of one status (e.g. `failed`, with
   * the server's error), the most recently changed first; `pageSize` default 20, at most 100.
   */
  async list(q: DeliveryQueryDto): Promise<DeliveryPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const rows = (await this.db.query(
      `SELECT d.id, d.notification_id AS "notificationId", n.title, d.digest_date::text AS "digestDate",
              d.user_id AS "userId", u.username, u.display_name AS "displayName", d.channel, d.address, d.status,
              d.attempts, d.sent_at AS "sentAt", d.error, d.updated_at AS "updatedAt", count(*) OVER () AS total
       FROM notification_delivery d
       JOIN app_user u ON u.id = d.user_id
       LEFT JOIN notification n ON n.id = d.notification_id
       WHERE ($1::text IS NULL OR d.status = $1)
       ORDER BY d.updated_at DESC, d.id
       LIMIT $2 OFFSET $3`,
      [q.status ?? null, pageSize, (page - 1) * pageSize],
    )) as (Omit<DeliveryPageDto['items'][number], 'sentAt' | 'updatedAt'> & {
      sentAt: Date | null;
      updatedAt: Date;
      total: string;
    })[];
    return {
      items: rows.map(({ total: _total, ...r }) => ({
        ...r,
        sentAt: r.sentAt ? r.sentAt.toISOString() : null,
        updatedAt: r.updatedAt.toISOString(),
      })),
      total: Number(rows[0]?.total ?? 0),
      page,
      pageSize,
    };
  }

  /** Each user's stored choices, by user id. */
  private async overrides(userIds: string[]): Promise<Map<string, PreferenceOverrides>> {
    const map = new Map<string, PreferenceOverrides>();
    if (!userIds.length) return map;
    const rows = (await this.db.query(
      `SELECT user_id AS "userId", category, email, sms FROM notification_preference WHERE user_id = ANY($1)`,
      [userIds],
    )) as { userId: string; category: NotificationCategory; email: EmailChoice; sms: boolean }[];
    for (const r of rows) {
      const o = map.get(r.userId) ?? {};
      o[r.category] = { email: r.email, sms: r.sms };
      map.set(r.userId, o);
    }
    return map;
  }

  /**
   * Records and claims one send, then makes it: the row is created once (unique key), and only a `pending` or
   * `failed` row (or one stuck in `sending`) is claimed — an update that one caller wins — so a send already made
   * or in progress elsewhere is skipped. Success → `sent`; failure → `failed` with the error (counted in `outcome`).
   */
  private async sendOnce(key: DeliveryKey, message: OutboundMessage, outcome: DeliveryOutcome): Promise<void> {
    const subject = key.notificationId
      ? { column: 'notification_id', value: key.notificationId }
      : { column: 'digest_date', value: key.digestDate };
    await this.db.query(
      `INSERT INTO notification_delivery (notification_id, digest_date, user_id, channel, address)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [key.notificationId ?? null, key.digestDate ?? null, key.userId, key.channel, key.address],
    );
    // UPDATE … RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const [claim] = (await this.db.query(
      `UPDATE notification_delivery
       SET status = 'sending', attempts = attempts + 1, address = $4, updated_at = now()
       WHERE ${subject.column} = $1 AND user_id = $2 AND channel = $3
         AND (status IN ('pending', 'failed')
              OR (status = 'sending' AND updated_at < now() - interval '${STALE_SENDING_MINUTES} minutes'))
       RETURNING id`,
      [subject.value, key.userId, key.channel, key.address],
    )) as [{ id: string }[], number];
    const claimed = claim[0]?.id;
    if (!claimed) return;
    try {
      await (key.channel === 'email' ? this.email : this.sms).send(message);
    } catch (e) {
      outcome.failed += 1;
      const error = deliveryError(e);
      this.logger.warn(`${key.channel} to user ${key.userId} failed: ${error}`);
      await this.db.query(
        `UPDATE notification_delivery SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`,
        [claimed, error],
      );
      return;
    }
    outcome.sent += 1;
    await this.db.query(
      `UPDATE notification_delivery SET status = 'sent', sent_at = now(), error = NULL, updated_at = now()
       WHERE id = $1`,
      [claimed],
    );
  }
}
