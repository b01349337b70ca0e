import type { Channel, AlertMessage } from './types.js';
import { postJson } from './http-post.js';

/** A generic webhook: the structured payload plus the readable text. */
export class WebhookChannel implements Channel {
  readonly type = 'webhook' as const;
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
    private readonly timeoutMs = 10_000,
  ) {}

  send(msg: AlertMessage): Promise<void> {
    return postJson(this.url, { ...msg.payload, subject: msg.subject, text: msg.text }, { timeoutMs: this.timeoutMs, headers: this.headers });
  }
}
