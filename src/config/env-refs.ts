// `env:NAME` references keep credentials and per-deploy URLs out of the config
// file. They are resolved after schema validation (the schema sees the
// reference, not the value) and the secret ones are handed to the redactor.
import type { ConfigPath } from './errors.js';

export const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export interface EnvRef {
  path: ConfigPath;
  name: string;
  /** undefined when the variable is unset (or empty, which is never a usable value). */
  value: string | undefined;
}

/**
 * Whether a key holds a credential, judged by its last word: `password`,
 * `apiKey` and `client_secret` do, `passwordField` and `tokenFrom` (field names
 * and locations, not credentials) do not.
 */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  return last !== undefined && ['password', 'passwd', 'passphrase', 'token', 'secret', 'key', 'credential', 'credentials'].includes(last);
}

/** Rebuilds plain data with every string passed through `fn`. */
export function mapStrings(value: unknown, fn: (s: string, p: ConfigPath) => string, p: ConfigPath = []): unknown {
  if (typeof value === 'string') return fn(value, p);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, fn, [...p, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, [...p, k])]));
  }
  return value;
}

/** Replaces every `env:NAME` string; unresolved references are left in place and reported in `refs`. */
export function resolveEnvRefs<T>(value: T, env: NodeJS.ProcessEnv): { value: T; refs: EnvRef[] } {
  const refs: EnvRef[] = [];
  const out = mapStrings(value, (s, p) => {
    const m = ENV_REF.exec(s);
    if (!m?.[1]) return s;
    const v = env[m[1]];
    const usable = v !== undefined && v !== '' ? v : undefined;
    refs.push({ path: p, name: m[1], value: usable });
    return usable ?? s;
  });
  // Only strings were replaced by strings, so the shape (and type) is unchanged.
  return { value: out as T, refs };
}

/**
 * Incoming-webhook URLs (Slack and friends) carry their credential in the
 * path: whoever has the URL can post to the channel.
 */
const isWebhookUrlKey = (key: string): boolean => /^webhook_?url$/i.test(key);

/** Every non-empty string under a secret-looking key, whether it came from the environment or was written inline. */
export function collectSecrets(value: unknown): string[] {
  const found = new Set<string>();
  mapStrings(value, (s, p) => {
    const key = [...p].reverse().find((k): k is string => typeof k === 'string');
    if (s && key !== undefined && (isSecretKey(key) || isWebhookUrlKey(key)) && !ENV_REF.test(s)) found.add(s);
    return s;
  });
  return [...found];
}
