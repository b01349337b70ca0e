import type { Channel, AlertMessage } from './types.js';
import { postJson } from './http-post.js';

/** A Slack-compatible incoming webhook ({"text": …}); Mattermost and Rocket.Chat accept the same body. */
export class SlackChannel implements Channel {
  readonly type = 'slack' as const;
  constructor(
    readonly name: string,
    private readonly webhookUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  send(msg: AlertMessage): Promise<void> {
    return postJson(this.webhookUrl, { text: `*${msg.subject}*\n${msg.text}` }, { timeoutMs: this.timeoutMs });
  }
}
