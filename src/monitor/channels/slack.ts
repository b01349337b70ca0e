import type { Channel, AlertMessage, SendOptions } from './types.js';
import { postJson } from './http-post.js';

/**
 * A Slack-compatible incoming webhook ({"text": …}); Mattermost and
 * Rocket.Chat accept the same body. Slack does not deduplicate, so after a
 * crash between sending and recording it, one extra copy can appear; the
 * Idempotency-Key header is sent anyway for relays that honour it.
 */
export class SlackChannel implements Channel {
  readonly type = 'slack' as const;
  constructor(
    readonly name: string,
    private readonly webhookUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  send(msg: AlertMessage, o: SendOptions): Promise<void> {
    return postJson(this.webhookUrl, { text: `*${msg.subject}*\n${msg.text}` }, { timeoutMs: this.timeoutMs, headers: { 'idempotency-key': `"${o.idempotencyKey}"` } });
  }
}
