import type { Channel, AlertMessage, SendOptions } from './types.js';
import { postJson } from './http-post.js';

/**
 * A generic webhook: the structured payload plus the readable text. Every
 * attempt of a message carries the same Idempotency-Key header (a quoted
 * string, as draft-ietf-httpapi-idempotency-key-header §2 defines it) and the
 * same `idempotencyKey` field, so a receiver can drop a repeat.
 */
export class WebhookChannel implements Channel {
  readonly type = 'webhook' as const;
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
    private readonly timeoutMs = 10_000,
  ) {}

  send(msg: AlertMessage, o: SendOptions): Promise<void> {
    return postJson(
      this.url,
      { ...msg.payload, subject: msg.subject, text: msg.text, idempotencyKey: o.idempotencyKey },
      { timeoutMs: this.timeoutMs, headers: { ...this.headers, 'idempotency-key': `"${o.idempotencyKey}"` } },
    );
  }
}
