import type { ChannelConfig } from '../../config/monitor-schema.js';
import { EmailChannel } from './email.js';
import { SlackChannel } from './slack.js';
import type { Channel } from './types.js';
import { WebhookChannel } from './webhook.js';

export function createChannel(name: string, c: ChannelConfig): Channel {
  switch (c.type) {
    case 'email':
      return new EmailChannel(name, c);
    case 'slack':
      return new SlackChannel(name, c.webhookUrl, c.timeoutMs);
    case 'webhook':
      return new WebhookChannel(name, c.url, c.headers, c.timeoutMs);
  }
}

/** Values inside a channel's config that must never appear in a message or log: webhook URLs carry their token in the path. */
export function channelSecrets(c: ChannelConfig): string[] {
  switch (c.type) {
    case 'email':
      return [c.password ?? ''].filter(Boolean);
    case 'slack':
      return [c.webhookUrl, ...urlSecretParts(c.webhookUrl)];
    case 'webhook':
      return [...Object.values(c.headers), ...urlSecretParts(c.url)];
  }
}

export function urlSecretParts(u: string): string[] {
  try {
    const url = new URL(u);
    const parts = [url.password, url.search.slice(1), ...url.pathname.split('/').filter((p) => p.length >= 16)];
    return parts.filter((p) => p.length >= 6);
  } catch {
    return [];
  }
}

/** Query-string values of a checked URL (…?key=…): often an API key, never worth showing. */
export function queryValues(u: string): string[] {
  try {
    return [...new URL(u).searchParams.values()].filter((v) => v.length >= 8);
  } catch {
    return [];
  }
}
