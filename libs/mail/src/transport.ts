import * as nodemailer from 'nodemailer';
import type { BanliConfig } from '@banli/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/** SMTP transport from configuration (host, port, TLS, auth, from, reply-to). */
export class Mailer {
  private readonly transport: nodemailer.Transporter;

  constructor(private readonly cfg: BanliConfig['smtp']) {
    this.transport = nodemailer.createTransport({
      host: cfg.host,
      port: cfg.port,
      secure: cfg.secure,
      auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? '' } : undefined,
      connectionTimeout: 10000,
      greetingTimeout: 10000,
      socketTimeout: 20000,
    });
  }

  /** Opens a connection and says EHLO: proves the relay is reachable. */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  async send(m: OutgoingMail): Promise<{ messageId: string }> {
    const info = await this.transport.sendMail({
      from: this.cfg.from,
      replyTo: this.cfg.replyTo,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      headers: m.headers,
    });
    return { messageId: info.messageId };
  }

  close(): void {
    this.transport.close();
  }
}
