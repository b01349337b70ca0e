// What `launchready init --har` drafts from recordings (issue 12): the login
// exactly as the app did it, how the credential travels, where the app runs,
// and a policy line per operation allowing the roles whose recordings did it.
// Every value is a shape, never a credential: traffic.ts keeps none.
import type { LoginSuggestion } from './frameworks.js';
import { ANONYMOUS_RECORDING, type Traffic } from '../target/har/traffic.js';

export interface RecordedLogin extends Omit<LoginSuggestion, 'method'> {
  method: 'POST' | 'PUT';
  passwordField: string;
  contentType: 'json' | 'form';
  body?: Record<string, unknown>;
  send?: { as: 'bearer' | 'cookie' | 'header'; name?: string; scheme?: string };
  /** auth.logout, when a recording signed out. */
  logout?: { method: 'POST' | 'DELETE' | 'GET'; path: string };
}

/** The origin the recordings were made on, when they agree on one. */
export function recordedOrigin(t: Traffic): string | undefined {
  const origins = [...new Set(t.recordings.map((r) => r.origin).filter(Boolean))];
  return origins.length === 1 ? origins[0] : undefined;
}

/** auth.login and auth.send as the recordings show them; undefined when no recording has a login. */
export function recordedLogin(t: Traffic): RecordedLogin | undefined {
  const l = t.login;
  if (!l || (l.method !== 'POST' && l.method !== 'PUT')) return undefined;
  const file = t.recordings.find((r) => r.credential)?.file ?? t.recordings[0]?.file ?? 'a recording';
  const out = t.authFlows.map((f) => /^(POST|DELETE|GET) (\S*(log_?out|log-out|sign_?out|sign-out|logoff)\S*)$/i.exec(f)).find(Boolean);
  const tokenFrom = l.tokenFrom ?? (t.send?.as === 'cookie' && t.send.name ? `cookie:${t.send.name}` : 'json:token');
  return {
    method: l.method,
    path: l.path,
    tokenFrom,
    usernameField: l.usernameField,
    passwordField: l.passwordField,
    contentType: l.contentType,
    ...(l.body ? { body: l.body } : {}),
    ...(t.send ? { send: t.send } : {}),
    ...(out ? { logout: { method: out[1]!.toUpperCase() as 'POST' | 'DELETE' | 'GET', path: out[2]! } } : {}),
    why: `${file} signs in with ${l.method} ${l.path} (${l.contentType === 'form' ? 'a form' : 'JSON'})${l.tokenFrom ? ` and the credential comes back at ${l.tokenFrom}` : ''}`,
  };
}

const q = (s: string): string => JSON.stringify(s);

/**
 * Policy lines from the recordings: one per operation, allowing the roles
 * (of `roles`) whose recording did it, anonymous when a call without
 * credentials did; a comment names the roles the app refused. Operations
 * nobody did successfully are left as comments.
 */
export function policyLines(t: Traffic, roles: readonly string[]): string[] {
  const out: string[] = [];
  const order = (a: string, b: string) => roles.indexOf(a) - roles.indexOf(b);
  const ops = [...t.operations].sort((a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
  for (const op of ops) {
    const allow = [...new Set([...(op.anonymousOk ? [ANONYMOUS_RECORDING] : []), ...op.observedBy.filter((r) => roles.includes(r)).sort(order)])];
    const refused = op.refusedFor.filter((r) => roles.includes(r));
    const note = refused.length ? `   # refused for ${refused.join(', ')} in the recordings` : '';
    if (allow.length) out.push(`  - { operation: ${q(`${op.method} ${op.path}`)}, allow: [${allow.join(', ')}] }${note}`);
    else out.push(`  # - { operation: ${q(`${op.method} ${op.path}`)}, allow: [] }   # no recording did it successfully${note ? `;${note.slice(4)}` : ''}`);
  }
  if (t.authFlows.length) out.push(`  # Sign-in and account requests in the recordings (not probed as operations): ${t.authFlows.join(', ')}`);
  return out;
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
