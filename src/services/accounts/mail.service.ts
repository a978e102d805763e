import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { BackendContext, BackendLogger } from '../../../backends/types';
import type { AppConfig } from '../../config';
import { MailOutboxEntity } from '../../db/entities';
import { BackendUnavailableAppError } from '../../errors/errors';

export interface OutgoingMail {
  domain: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail through the configured SMTP server. With none configured, a mail is kept in the
 * mail_outbox table (readable by admins through `outbox`) and a log line names its recipient and
 * subject; the body, which holds codes and passwords, is never logged.
 */
export class MailService {
  private readonly transport: Transporter | null;

  constructor(
    private readonly config: AppConfig['mail'],
    private readonly log: BackendLogger,
  ) {
    const smtp = config.smtp;
    this.transport = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: smtp.requireTls,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : null;
  }

  /** Sends (or keeps) one mail. SMTP failures are BACKEND_UNAVAILABLE naming `mail`. */
  async send(ctx: BackendContext, mail: OutgoingMail): Promise<void> {
    if (!this.transport) {
      ctx.em.persist(
        ctx.em.create(MailOutboxEntity, {
          id: randomUUID(),
          domain: mail.domain,
          recipient: mail.to,
          subject: mail.subject,
          body: mail.text,
          createdAt: new Date(),
        }),
      );
      await ctx.em.flush();
      this.log.info(
        { to: mail.to, subject: mail.subject },
        'no SMTP server configured: mail kept in the outbox',
      );
      return;
    }
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    } catch (error) {
      this.log.error({ err: error, to: mail.to }, 'sending mail failed');
      throw new BackendUnavailableAppError('mail');
    }
  }

  close(): void {
    this.transport?.close();
  }
}
