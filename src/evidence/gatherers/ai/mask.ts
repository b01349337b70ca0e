// What the red team stores of a reply or request: masked at the source, so
// no canary, system-prompt text or secret reaches evidence, reports or saved
// files. Canaries become [canary], the configured system-prompt canary
// [system-prompt canary], runs of words shared with the system prompt
// [system prompt: N words], and secrets their masked form. The redactor
// scrubs the report once more at the boundary; this is the first line.
import type { SecretEngine } from '../../../secrets/engine.js';
import type { PromptOverlap } from './overlap.js';
import { secretsInReply } from './secrets.js';
import { foldConfusables, normalise } from './text.js';

export interface MaskerInput {
  canaries: () => readonly string[];
  systemPromptCanary?: string;
  overlap?: PromptOverlap;
  engine?: SecretEngine;
  knownSecrets?: ReadonlyMap<string, string>;
  /** Told of every raw secret found, so the redactor can mask it wherever else it shows up. */
  onSecret?: (raw: string) => void;
}

export class ReplyMasker {
  constructor(private readonly o: MaskerInput) {}

  mask(text: string): string {
    const spans: [number, number, string][] = [];
    // Exact occurrences first (case- and look-alike-insensitive; positions kept, since folding maps one character to one).
    const folded = foldConfusables(text).toLowerCase();
    const literal: [string, string][] = this.o.canaries().map((c) => [c, '[canary]']);
    if (this.o.systemPromptCanary) literal.push([this.o.systemPromptCanary, '[system-prompt canary]']);
    for (const [needle, label] of literal) {
      const n = normalise(needle);
      if (n.length < 4) continue;
      for (let i = folded.indexOf(n); i !== -1; i = folded.indexOf(n, i + 1)) spans.push([i, i + n.length, label]);
    }
    if (this.o.overlap && !this.o.overlap.empty) {
      for (const [s, e] of this.o.overlap.find(text).spans) {
        const n = text.slice(s, e).split(/\s+/).length;
        spans.push([s, e, `[system prompt: ${n} words]`]);
      }
    }
    if (this.o.engine) {
      for (const h of secretsInReply(text, this.o.engine, this.o.knownSecrets ?? new Map())) {
        this.o.onSecret?.(h.raw);
        spans.push([h.start, h.end, h.masked]);
      }
    }
    return replaceSpans(text, spans);
  }
}

/** Replaces spans (overlapping ones merged, the first label kept). */
export function replaceSpans(text: string, spans: [number, number, string][]): string {
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  for (let i = 0; i < spans.length; ) {
    const [start, firstEnd, label] = spans[i]!;
    let end = firstEnd;
    for (i++; i < spans.length && spans[i]![0] < end; i++) end = Math.max(end, spans[i]![1]);
    out += text.slice(pos, start) + label;
    pos = end;
  }
  return out + text.slice(pos);
}
