// Strict request-body validation for the hardened mode: a JSON object with
// only the known fields, each of the right type and size. Small and local
// rather than a schema library, so each rule the auditor probes is visible.
import type { Request, Response } from 'express';

export type Field =
  | { kind: 'string'; min: number; max: number; pattern?: RegExp; oneOf?: readonly string[]; optional?: true }
  | { kind: 'number'; min: number; max: number; optional?: true };

type ValueOf<F extends Field> = F extends { kind: 'number' } ? number : string;
export type Parsed<S extends Record<string, Field>> = {
  [K in keyof S]: S[K] extends { optional: true } ? ValueOf<S[K]> | undefined : ValueOf<S[K]>;
};

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function problem(value: unknown, f: Field): string | undefined {
  if (f.kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    return value < f.min || value > f.max ? `must be between ${f.min} and ${f.max}` : undefined;
  }
  if (typeof value !== 'string') return 'must be a string';
  if (value.length < f.min || value.length > f.max) return `must be ${f.min}–${f.max} characters`;
  if (f.min > 0 && value.trim() === '') return 'must not be blank';
  if (f.oneOf && !f.oneOf.includes(value)) return `must be one of ${f.oneOf.join(', ')}`;
  if (f.pattern && !f.pattern.test(value)) return 'has an invalid format';
  return undefined;
}

/**
 * The validated body, or undefined after answering 415/400 itself. Unknown fields are refused rather than ignored, so a client
 * can never believe a field (role, tenantId…) was accepted.
 */
export function parseBody<S extends Record<string, Field>>(req: Request, res: Response, spec: S): Parsed<S> | undefined {
  if (!req.is('application/json')) {
    res.status(415).json({ error: 'expected an application/json body' });
    return undefined;
  }
  const body: unknown = req.body;
  if (!isPlainObject(body)) {
    res.status(400).json({ error: 'expected a JSON object' });
    return undefined;
  }
  const unknownField = Object.keys(body).find((k) => !Object.hasOwn(spec, k));
  if (unknownField !== undefined) {
    res.status(400).json({ error: `unknown field: ${unknownField}` });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec)) {
    const value = body[name];
    if (value === undefined) {
      if (f.optional) continue;
      res.status(400).json({ error: `missing field: ${name}` });
      return undefined;
    }
    const why = problem(value, f);
    if (why) {
      res.status(400).json({ error: `${name} ${why}` });
      return undefined;
    }
    out[name] = value;
  }
  return out as Parsed<S>;
}

/**
 * The raw body of the vulnerable mode, which trusts whatever arrives; a
 * missing or non-object body makes its handlers throw, as careless code does.
 */
export const looseBody = (req: Request): Record<string, unknown> | undefined => req.body as Record<string, unknown> | undefined;
