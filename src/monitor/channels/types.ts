// What every alert channel receives. Text is already scrubbed by the
// dispatcher; channels only format and deliver, and throw when they could not.
export interface AlertMessage {
  subject: string;
  text: string;
  /** Structured form for webhooks. */
  payload: {
    event: 'opened' | 'reminder' | 'resolved';
    kind: string;
    incident: string;
    monitor: string;
    severity: string;
    at: string;
    summary: string;
    /** Set on a RESOLVED whose opening alert never reached this channel. */
    note?: string;
  };
}

export interface SendOptions {
  /** The same on every attempt of this message on this channel; receivers that remember it drop repeats. */
  idempotencyKey: string;
}

export interface Channel {
  readonly name: string;
  readonly type: 'email' | 'slack' | 'webhook';
  send(msg: AlertMessage, o: SendOptions): Promise<void>;
  close?(): void;
}
