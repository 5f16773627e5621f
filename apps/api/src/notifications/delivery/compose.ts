import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  EmailChoice,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CATEGORY_LABELS,
  NotificationCategory,
} from '@jiebang/contracts';

/**
 * The pure parts of outward notification delivery (issue 14 item 2): categories, the users' choices, the texts of
 * e-mails and SMS, and Beijing-time scheduling. No I/O here; `NotificationDeliveryService` does the sending.
 */

/** Beijing time is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The category of a notification written without one, from its title and link (the call sites that predate
 * categories; the backfill of migration 1766200000000 follows the same order): due/overdue words (今日到期, 已逾期,
 * 提醒) are `reminder`; work waiting for the recipient (待办…, …待…审…, 收到…, invitations, expert work) `task`;
 * 公示 `notice`; a negotiation link `negotiation`; else `progress`.
 */
export function categoryOf(title: string, link: string | null): NotificationCategory {
  const l = link ?? '';
  if (/逾期|到期|提醒/.test(title)) return 'reminder';
  if (
    l.startsWith('/expert') ||
    title.startsWith('待办') ||
    title.startsWith('收到') ||
    title.includes('邀请') ||
    /待.*审/.test(title)
  ) {
    return 'task';
  }
  if (title.includes('公示')) return 'notice';
  if (l.startsWith('/negotiations')) return 'negotiation';
  return 'progress';
}

/** A user's stored choices (rows of `notification_preference`); missing categories take the defaults. */
export type PreferenceOverrides = Partial<Record<NotificationCategory, { email: EmailChoice; sms: boolean }>>;

/** The effective choice of one category: the stored one, else `DEFAULT_NOTIFICATION_PREFERENCES`. */
export function effectivePreference(
  overrides: PreferenceOverrides,
  category: NotificationCategory,
): { email: EmailChoice; sms: boolean } {
  return overrides[category] ?? DEFAULT_NOTIFICATION_PREFERENCES[category];
}

/** The categories a user receives in the daily digest. */
export function digestCategories(overrides: PreferenceOverrides): NotificationCategory[] {
  return NOTIFICATION_CATEGORIES.filter((c) => effectivePreference(overrides, c).email === 'digest');
}

/** An absolute link into the web app: `publicUrl` (no trailing slash needed) + the notification's path. */
export function absoluteLink(publicUrl: string, link: string | null): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (!link) return `${base}/`;
  if (/^https?:\/\//.test(link)) return link;
  return `${base}${link.startsWith('/') ? '' : '/'}${link}`;
}

/** A plain-text e-mail. */
export interface EmailText {
  subject: string;
  text: string;
}

const FOOTER = (publicUrl: string) =>
  `\n\n——\n揭榜挂帅平台(此邮件由系统自动发送,请勿直接回复)\n` +
  `不想收到此类邮件?可在"通知设置"中修改:${absoluteLink(publicUrl, '/account/notifications')}`;

/** The e-mail of one notification: subject `【揭榜挂帅】<title>`, greeting, body, link to the page, footer. */
export function composeNotificationEmail(
  n: { title: string; body: string; link: string | null; category: NotificationCategory },
  recipientName: string,
  publicUrl: string,
): EmailText {
  return {
    subject: `【揭榜挂帅】${n.title}`,
    text:
      `${recipientName}您好:\n\n` +
      `${n.title}\n${n.body}\n\n` +
      `类别:${NOTIFICATION_CATEGORY_LABELS[n.category].label}\n` +
      `查看详情:${absoluteLink(publicUrl, n.link)}` +
      FOOTER(publicUrl),
  };
}

/** One line of a digest. */
export interface DigestItem {
  title: string;
  body: string;
  link: string | null;
  category: NotificationCategory;
  createdAt: Date;
}

/** `HH:MM` of an instant in Beijing time. */
export function beijingClock(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

/** The Beijing calendar date `YYYY-MM-DD` of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The daily digest: subject with the date and count, then the unread notifications grouped by category. */
export function composeDigestEmail(
  items: DigestItem[],
  recipientName: string,
  date: string,
  publicUrl: string,
): EmailText {
  const lines: string[] = [];
  for (const c of NOTIFICATION_CATEGORIES) {
    const of = items.filter((i) => i.category === c);
    if (!of.length) continue;
    lines.push(`【${NOTIFICATION_CATEGORY_LABELS[c].label}】`);
    for (const i of of) {
      lines.push(`· ${beijingClock(i.createdAt)} ${i.title}:${i.body}`);
      lines.push(`  ${absoluteLink(publicUrl, i.link)}`);
    }
    lines.push('');
  }
  return {
    subject: `【揭榜挂帅】每日通知汇总(${date},${items.length} 条未读)`,
    text:
      `${recipientName}您好:\n\n过去一天您有 ${items.length} 条未读通知:\n\n${lines.join('\n')}` + FOOTER(publicUrl),
  };
}

/** The SMS of one notification (short: title and link; the gateway adds the signature). */
export function composeSms(n: { title: string; link: string | null }, publicUrl: string): string {
  return `【揭榜挂帅】${n.title},详情:${absoluteLink(publicUrl, n.link)}`;
}

/**
 * The next instant after `now` at which the Beijing wall clock shows `at` (`HH:MM`): today's if still ahead,
 * else tomorrow's.
 */
export function nextDailyRun(now: Date, at: string): Date {
  const [h, m] = at.split(':').map(Number);
  const local = new Date(now.getTime() + BEIJING_OFFSET_MS);
  let next = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), h, m) - BEIJING_OFFSET_MS;
  if (next <= now.getTime()) next += 24 * 3600 * 1000;
  return new Date(next);
}

/** The cron pattern (minute hour, every day) of `HH:MM`, for BullMQ's job scheduler with `tz: Asia/Shanghai`. */
export function dailyCron(at: string): string {
  const [h, m] = at.split(':').map(Number);
  return `${m} ${h} * * *`;
}

/** Shortens an error for the delivery record (staff read it; SMTP errors can be long). */
export function deliveryError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.length > 500 ? `${msg.slice(0, 497)}...` : msg;
}
