import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from './page';

/**
 * What a notification is about (issue 14 item 2): the unit a user chooses delivery for. Codes are stored in
 * `notification.category` and `notification_preference.category`; labels are what users read.
 */
export const NOTIFICATION_CATEGORIES = ['task', 'negotiation', 'progress', 'notice', 'account', 'reminder'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** Plain-Chinese label and one-line explanation of each category (the preferences page shows both). */
export const NOTIFICATION_CATEGORY_LABELS: Record<NotificationCategory, { label: string; hint: string }> = {
  task: { label: '待办/审批', hint: '轮到您处理的事项:审核、审批、评审邀请、联合体确认等' },
  negotiation: { label: '洽谈', hint: '洽谈中的新消息、报价和协议草案' },
  progress: { label: '项目进度', hint: '榜单、申报和项目的状态变化' },
  notice: { label: '公示', hint: '公示开始、结束和异议' },
  account: { label: '账号', hint: '账号、密码和权限的变化' },
  reminder: { label: '提醒', hint: '临近截止和已逾期的提醒' },
};

/** True when `value` is one of `NOTIFICATION_CATEGORIES`. */
export function isNotificationCategory(value: unknown): value is NotificationCategory {
  return typeof value === 'string' && (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);
}

/** How a user receives a category by e-mail: at once, in the daily digest (`DIGEST_AT`, Beijing time), or not. */
export const EMAIL_CHOICES = ['immediate', 'digest', 'off'] as const;
export type EmailChoice = (typeof EMAIL_CHOICES)[number];

export const EMAIL_CHOICE_LABELS: Record<EmailChoice, string> = {
  immediate: '立即发送',
  digest: '每日汇总',
  off: '不发送',
};

/**
 * The defaults of a user who chose nothing: work waiting for them and reminders by e-mail at once, the rest in
 * the daily digest; SMS off (the production gateway is configured later).
 */
export const DEFAULT_NOTIFICATION_PREFERENCES: Record<NotificationCategory, { email: EmailChoice; sms: boolean }> = {
  task: { email: 'immediate', sms: false },
  negotiation: { email: 'immediate', sms: false },
  progress: { email: 'digest', sms: false },
  notice: { email: 'digest', sms: false },
  account: { email: 'immediate', sms: false },
  reminder: { email: 'immediate', sms: false },
};

/** One category's choice (`GET`/`PUT /api/v1/notifications/preferences`). */
export class NotificationPreferenceDto {
  /** One of `NOTIFICATION_CATEGORIES`; another value is 400 `NOTIFICATION_CATEGORY_UNKNOWN`. */
  @IsIn(NOTIFICATION_CATEGORIES as unknown as string[], {
    message: 'NOTIFICATION_CATEGORY_UNKNOWN: 通知类别不存在,请从列表中选择',
  })
  category!: NotificationCategory;

  /** `immediate`, `digest` or `off`. */
  @IsIn(EMAIL_CHOICES as unknown as string[], { message: '邮件接收方式只能是立即发送、每日汇总或不发送' })
  email!: EmailChoice;

  /** Whether an SMS goes out too (only with a phone number and a configured SMS gateway). */
  @IsBoolean({ message: '短信开关应为是或否' })
  sms!: boolean;
}

/**
 * The caller's delivery settings (`GET /api/v1/notifications/preferences`): where messages go and, per category,
 * how (every category listed, defaults filled in).
 */
export class NotificationSettingsDto {
  /** The account's e-mail address, or null (no e-mail is sent without one). */
  email!: string | null;
  /** The account's mobile number for SMS, or null. */
  phone!: string | null;
  /** One entry per category, in `NOTIFICATION_CATEGORIES` order. */
  preferences!: NotificationPreferenceDto[];
  /** Whether the platform can send e-mail at all (`SMTP_URL` configured). */
  emailEnabled!: boolean;
  /** Whether an SMS gateway is configured (`SMS_DRIVER` other than `none`). */
  smsEnabled!: boolean;
  /** When the daily digest goes out, Beijing time `HH:MM` (`DIGEST_AT`). */
  digestAt!: string;
}

/**
 * Body of `PUT /api/v1/notifications/preferences`: any of the address, the number and category choices. Categories
 * not listed keep their current choice; `email`/`phone` `null` or `''` removes the address.
 */
export class UpdateNotificationSettingsDto {
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @MaxLength(200, { message: '电子邮箱不能超过 200 个字符' })
  @IsEmail({}, { message: '电子邮箱格式不正确,例如 name@example.org' })
  email?: string | null;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号码应为 11 位数字,例如 13800000000' })
  phone?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_CATEGORIES.length * 2)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  preferences?: NotificationPreferenceDto[];
}

/** One outward send as staff see it (status of the `notification_delivery` record). */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';
export type DeliveryChannel = 'email' | 'sms';

/** Query of `GET /api/v1/notifications/deliveries` (staff administrators). */
export class DeliveryQueryDto extends PageQueryDto {
  /** Only sends in this state (e.g. `failed`); absent → all. */
  @IsOptional()
  @IsIn(['pending', 'sending', 'sent', 'failed'], { message: '状态只能是待发送、发送中、已发送或发送失败' })
  status?: DeliveryStatus;
}

/** One outward send as staff see it (`notification_delivery`), newest change first. */
export class DeliveryDto {
  id!: string;
  /** The notification sent, or null for a daily digest. */
  notificationId!: string | null;
  /** The notification's title, or null for a digest. */
  title!: string | null;
  /** The Beijing day of a digest (`YYYY-MM-DD`), else null. */
  digestDate!: string | null;
  userId!: string;
  username!: string;
  displayName!: string;
  /** `email` or `sms`. */
  channel!: DeliveryChannel;
  /** The e-mail address or phone number used. */
  address!: string;
  /** `pending`, `sending`, `sent` or `failed`. */
  status!: DeliveryStatus;
  /** How often it was tried. */
  attempts!: number;
  sentAt!: string | null;
  /** The last failure's message (from the mail server or gateway), else null. */
  error!: string | null;
  updatedAt!: string;
}

/** A page of `GET /api/v1/notifications/deliveries`. */
export class DeliveryPageDto {
  items!: DeliveryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}
