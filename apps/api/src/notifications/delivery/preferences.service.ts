import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CurrentUser,
  NOTIFICATION_CATEGORIES,
  NotificationSettingsDto,
  UpdateNotificationSettingsDto,
} from '@jiebang/contracts';
import { EnvConfig } from '../../config/env.config';
import { UserEntity } from '../../auth/user.entity';
import { NotFoundError } from '../../common/domain-error';
import { EMAIL_CHANNEL, NotificationChannel, SMS_CHANNEL } from './channels';
import { effectivePreference, PreferenceOverrides } from './compose';
import { NotificationPreferenceEntity } from './delivery.entity';

/**
 * A user's delivery settings (issue 14 item 2): the e-mail address and mobile number on the account and, per
 * notification category, e-mail `immediate` / `digest` / `off` and SMS on/off (stored only once chosen; defaults
 * `DEFAULT_NOTIFICATION_PREFERENCES`).
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: EnvConfig,
    @Inject(EMAIL_CHANNEL) private readonly email: NotificationChannel,
    @Inject(SMS_CHANNEL) private readonly sms: NotificationChannel,
  ) {}

  /**
   * The caller's settings, every category listed (defaults filled in).
   * @throws NotFoundError 404 when the account no longer exists.
   */
  async get(user: CurrentUser): Promise<NotificationSettingsDto> {
    const account = await this.db.getRepository(UserEntity).findOne({
      where: { id: user.id },
      select: { id: true, email: true, phone: true },
    });
    if (!account) throw new NotFoundError('用户', user.id);
    const rows = await this.db.getRepository(NotificationPreferenceEntity).findBy({ userId: user.id });
    const overrides: PreferenceOverrides = {};
    for (const r of rows) overrides[r.category] = { email: r.email, sms: r.sms };
    return {
      email: account.email,
      phone: account.phone,
      preferences: NOTIFICATION_CATEGORIES.map((category) => ({
        category,
        ...effectivePreference(overrides, category),
      })),
      emailEnabled: this.email.enabled,
      smsEnabled: this.sms.enabled,
      digestAt: this.config.DIGEST_AT,
    };
  }

  /**
   * Changes the caller's address, number and/or category choices in one transaction (categories not listed keep
   * theirs; `null`/`''` removes the address or number) and returns the settings. An unknown category was refused
   * by the DTO (400 `NOTIFICATION_CATEGORY_UNKNOWN`).
   */
  async update(user: CurrentUser, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    await this.db.transaction(async (em) => {
      const patch: Partial<Pick<UserEntity, 'email' | 'phone'>> = {};
      if (dto.email !== undefined) patch.email = dto.email ? dto.email.trim() : null;
      if (dto.phone !== undefined) patch.phone = dto.phone || null;
      if (Object.keys(patch).length) await em.getRepository(UserEntity).update({ id: user.id }, patch);
      for (const p of dto.preferences ?? []) {
        await em.query(
          `INSERT INTO notification_preference (user_id, category, email, sms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, category) DO UPDATE SET email = EXCLUDED.email, sms = EXCLUDED.sms, updated_at = now()`,
          [user.id, p.category, p.email, p.sms],
        );
      }
    });
    return this.get(user);
  }
}
