import nodemailer from 'nodemailer';
import type { Channel, AlertMessage, SendOptions } from './types.js';

export interface EmailOptions {
  host: string;
  port: number;
  secure: boolean;
  username?: string;
  password?: string;
  from: string;
  to: string[];
  timeoutMs?: number;
}

/** Email over SMTP (nodemailer). Every SMTP phase has a timeout, so a server that stalls cannot hold its queue for long. */
export class EmailChannel implements Channel {
  readonly type = 'email' as const;
  private readonly transport: nodemailer.Transporter;

  constructor(
    readonly name: string,
    private readonly o: EmailOptions,
  ) {
    const t = o.timeoutMs ?? 15_000;
    this.transport = nodemailer.createTransport({
      host: o.host,
      port: o.port,
      secure: o.secure,
      auth: o.username && o.password ? { user: o.username, pass: o.password } : undefined,
      connectionTimeout: t,
      greetingTimeout: t,
      socketTimeout: t,
      dnsTimeout: t,
    });
  }

  /** The Message-ID is the idempotency key, so every attempt of one alert is the same message to a mail system (RFC 5322 §3.6.4). */
  async send(msg: AlertMessage, o: SendOptions): Promise<void> {
    await this.transport.sendMail({ from: this.o.from, to: this.o.to, subject: msg.subject, text: msg.text, messageId: `<${o.idempotencyKey}@launchready.monitor>` });
  }

  close(): void {
    this.transport.close();
  }
}
