// The hardened assistant's defences around the model, none of which trust
// the model to behave:
// - an input guard that refuses attempts to override the rules (read through
//   the same encodings the model reads: zero-width and look-alike letters,
//   base64, right-to-left text, several languages);
// - an output filter that withholds any reply carrying the system prompt
//   (a run of its words, or its marker), removes links and images to other
//   origins (the exfiltration channel) and neutralises active HTML.

import { passages } from './reading.js';

const OVERRIDE = [
  /\b(ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the)\b[^.\n]{0,20}\b(instructions?|rules|guidelines|prompt|polic(y|ies))\b/i,
  /\bignoring\b[^.\n]{0,30}\b(rules|instructions)\b/i,
  /\b(developer|debug|god|jailbreak|unrestricted)\s+mode\b/i,
  /\b(you are now|from now on you are|pretend (to be|you are)|act as|role-?play|let'?s play a game)\b/i,
  /\bDAN\b|do anything now/i,
  /<\|?(im_start|im_end|system|endoftext)\|?>|\[\/?(INST|SYS)\]|<\/?(system|user|assistant|tool)>|```\s*(system|tool)/i,
  /\b(new|updated) (system )?(policy|instructions)\b/i,
  /\b(ignorez|oubliez|ignora|olvida|ignoriere|vergiss)\b/i,
];

/** Why the prompt is refused, or undefined when it may reach the model. */
export function overrideAttempt(prompt: string): string | undefined {
  for (const p of passages(prompt)) if (OVERRIDE.some((re) => re.test(p))) return 'it tries to change my rules';
  return undefined;
}

export interface OutputPolicy {
  systemPrompt: string;
  canary: string;
  /** Origins a link or image may point to (the app's own). */
  ownOrigins: string[];
}

const RUN = 8;

/** The reply with the defences applied. */
export function filterReply(reply: string, policy: OutputPolicy): string {
  if (reply.toUpperCase().includes(policy.canary.toUpperCase()) || sharesRun(reply, policy.systemPrompt, RUN)) {
    return "I can't share my instructions.";
  }
  let out = reply.replace(/!?\[([^\]\n]*)\]\(\s*<?([^\s)>]+)>?[^)]*\)/g, (all, text: string, url: string) => (isOwn(url, policy.ownOrigins) ? all : `${text} (link removed)`));
  out = out.replace(/<[a-z][^>]*>/gi, (tag) => (/\son[a-z]+\s*=|javascript:|<(script|iframe|object|embed)\b/i.test(tag) ? tag.replace(/</g, '&lt;').replace(/>/g, '&gt;') : tag));
  return out;
}

function isOwn(url: string, own: string[]): boolean {
  try {
    return own.includes(new URL(url, own[0] ?? 'https://invalid.invalid').origin);
  } catch {
    return false;
  }
}

function sharesRun(reply: string, source: string, n: number): boolean {
  const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const src = words(source);
  const grams = new Set<string>();
  for (let i = 0; i + n <= src.length; i++) grams.add(src.slice(i, i + n).join(' '));
  const r = words(reply);
  for (let i = 0; i + n <= r.length; i++) if (grams.has(r.slice(i, i + n).join(' '))) return true;
  return false;
}
