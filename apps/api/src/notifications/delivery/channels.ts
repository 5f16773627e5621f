import { Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { DeliveryChannel } from '@jiebang/contracts';

/** One outward message: the address (e-mail or phone number) and the text (SMS: `text` only). */
export interface OutboundMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * The notification port (issue 14 item 2): one outward channel. `enabled` false → nothing is recorded or sent for
 * it. `send` resolves when the message was accepted by the server/gateway and rejects otherwise (the caller
 * records the failure and the job retries).
 */
export interface NotificationChannel {
  readonly name: DeliveryChannel;
  readonly enabled: boolean;
  send(message: OutboundMessage): Promise<void>;
  close(): Promise<void>;
}

/** Injection tokens of the two channels. */
export const EMAIL_CHANNEL = Symbol('EMAIL_CHANNEL');
export const SMS_CHANNEL = Symbol('SMS_CHANNEL');

/** SMTP timeouts (ms): a dead server fails the attempt instead of holding the job for nodemailer's 2 minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * The e-mail driver: nodemailer over `SMTP_URL` (`smtp://user:pass@host:port`, `smtps://` for implicit TLS), sender
 * `MAIL_FROM`. Without `SMTP_URL` it is disabled (said once in the log at start).
 */
export class SmtpEmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly logger = new Logger('EmailChannel');
  private readonly transport: Transporter | undefined;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    if (smtpUrl) {
      const options: SMTPTransport.Options = { url: smtpUrl, ...SMTP_TIMEOUTS };
      this.transport = createTransport(options);
    } else {
      this.logger.log('SMTP_URL is not set: notifications are not e-mailed (in-app only)');
    }
  }

  get enabled(): boolean {
    return !!this.transport;
  }

  /** @throws Error when the SMTP server refuses or cannot be reached. */
  async send(m: OutboundMessage): Promise<void> {
    if (!this.transport) throw new Error('e-mail is disabled (no SMTP_URL)');
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text });
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}

/**
 * An SMS gateway driver: sends `text` to a mainland mobile number. The production gateway is configured later (a
 * driver implementing this interface, selected by `SMS_DRIVER`).
 */
export interface SmsGateway {
  send(phone: string, text: string): Promise<void>;
}

/** `SMS_DRIVER=log`: writes each SMS to the log instead of sending it (development). */
export class LogSmsGateway implements SmsGateway {
  private readonly logger = new Logger('SmsLog');
  /** The messages "sent" so far (newest last, at most 100), for inspection in development and tests. */
  readonly sent: { phone: string; text: string }[] = [];

  async send(phone: string, text: string): Promise<void> {
    this.logger.log(`SMS to ${phone}: ${text}`);
    this.sent.push({ phone, text });
    if (this.sent.length > 100) this.sent.shift();
  }
}

/** The SMS channel over a gateway driver; `SMS_DRIVER=none` → no gateway, disabled. */
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;

  constructor(readonly gateway: SmsGateway | undefined) {}

  get enabled(): boolean {
    return !!this.gateway;
  }

  /** @throws Error when the gateway refuses. */
  async send(m: OutboundMessage): Promise<void> {
    if (!this.gateway) throw new Error('SMS is disabled (SMS_DRIVER=none)');
    await this.gateway.send(m.to, m.text);
  }

  async close(): Promise<void> {
    return;
  }
}

/** The SMS gateway of a `SMS_DRIVER` value. */
export function smsGateway(driver: 'log' | 'none'): SmsGateway | undefined {
  return driver === 'log' ? new LogSmsGateway() : undefined;
}
