// Which login `launchready init` drafts, in order of trust: the one the HAR
// recordings show (exact), the route the code declares (its path, body
// wrapper and Authorization scheme; the rest from the framework's usual
// shape), else the framework's usual route, else a common default. Each says
// where it came from.
import type { ProjectFacts } from './detect.js';
import type { RecordedLogin } from './from-traffic.js';

export interface LoginDraft {
  method: 'POST' | 'PUT';
  path: string;
  usernameField: string;
  passwordField: string;
  tokenFrom: string;
  contentType?: 'json' | 'form';
  body?: Record<string, unknown>;
  logout?: RecordedLogin['logout'];
  send: { as: 'bearer' | 'cookie' | 'header'; name?: string; scheme?: string };
  /** recorded: exact; source: declared in the code; guess: the framework's habit or a default. */
  basis: 'recorded' | 'source' | 'guess';
  why: string;
}

const sendFor = (tokenFrom: string): LoginDraft['send'] =>
  tokenFrom.startsWith('cookie:') ? { as: 'cookie', name: tokenFrom.slice('cookie:'.length) } : { as: 'bearer' };

export function chooseLogin(facts: ProjectFacts, recorded: RecordedLogin | undefined): LoginDraft {
  if (recorded) {
    const { why, send, ...rest } = recorded;
    return { ...rest, send: send ?? sendFor(recorded.tokenFrom), basis: 'recorded', why };
  }
  const fw = facts.framework;
  const usual = fw?.framework.login(facts.signals) ?? {
    method: 'POST' as const,
    path: '/api/auth/login',
    tokenFrom: 'json:token',
    usernameField: 'email',
    why: 'no framework recognised; a common default',
  };
  const src = facts.sourceLogin;
  if (src) {
    const usernameField = src.usernameField ?? usual.usernameField;
    // A wrapped body or a token scheme in the code means a JSON API handing out a token, whatever the framework's habit.
    const tokenApi = src.wrapper !== undefined || src.scheme !== undefined;
    // What the handler itself does (sets a cookie, returns a token) beats any habit.
    const tokenFrom =
      src.tokenFrom ?? (src.wrapper ? `json:${src.wrapper}.token` : tokenApi && usual.tokenFrom.startsWith('cookie:') ? 'json:token' : usual.tokenFrom);
    const send = sendFor(tokenFrom);
    return {
      method: src.method,
      path: src.path,
      usernameField,
      passwordField: 'password',
      tokenFrom,
      ...(src.wrapper ? { body: { [src.wrapper]: { [usernameField]: '{username}', password: '{password}' } } } : {}),
      send: src.scheme && send.as === 'bearer' ? { ...send, scheme: src.scheme } : send,
      basis: 'source',
      why: `the route is declared at ${src.at}${src.wrapper ? `, reading the credentials from the body's \`${src.wrapper}\` property` : ''}${src.scheme && send.as === 'bearer' ? `; the code expects "Authorization: ${src.scheme} …"` : ''}; ${src.tokenWhy ? `${src.tokenWhy}, so tokenFrom is ${tokenFrom}` : `where the token comes back (${tokenFrom}) is a guess`}`,
    };
  }
  return { ...usual, passwordField: 'password', send: sendFor(usual.tokenFrom), basis: 'guess' };
}
