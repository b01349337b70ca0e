// Bodies for write probes: what the app accepts (every documented property,
// the document's examples, its wrappers, unique values; see
// src/target/bodies.ts), with one harmless text field set to a recognisable
// marker so a read-back shows whether the write landed.
import { PROBE_MARK } from '../../../probe/schema-bodies.js';
import { UNIQUE_NAME, bodyFor, markerPath, requiredOf, setAt, type BodyAttempt } from '../../../target/bodies.js';
import type { ApiOperation } from '../../types.js';

/** The marker field's path, dotted (bio, or user.bio inside a wrapper). */
export function markerField(op: ApiOperation): string | undefined {
  return markerPath(op.requestSchema)?.join('.');
}

/** A body the app accepts for op; `marker` goes into its marker field. */
export function writeBody(op: ApiOperation, marker?: string, attempt: BodyAttempt = 'documented'): Record<string, unknown> {
  const body = bodyFor(op, attempt) ?? {};
  const path = markerPath(op.requestSchema);
  if (path && marker) setAt(body, path, marker);
  return body;
}

/**
 * The body of a change to an existing object (PUT/PATCH of an item): the
 * documented properties without the unique-looking ones (a new title may
 * give the item a new slug, and the probe then loses it), the marker in a
 * free-text field. Required properties stay.
 */
export function updateBody(op: ApiOperation, marker?: string): Record<string, unknown> {
  const body = writeBody(op, marker);
  const path = markerPath(op.requestSchema);
  const required = new Set(requiredOf(op.requestSchema));
  const strip = (o: Record<string, unknown>, depth: number, at: string[]) => {
    for (const k of Object.keys(o)) {
      const v = o[k];
      const here = [...at, k];
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 2) strip(v as Record<string, unknown>, depth + 1, here);
      else if (UNIQUE_NAME.test(k) && !required.has(k) && here.join('.') !== path?.join('.')) delete o[k];
    }
  };
  strip(body, 0, []);
  return body;
}

/**
 * The body of a change to the caller's own record (PUT /user, PATCH /me):
 * only the marker field (inside the schema's wrapper), never the documented
 * email, username or password, which would change how the role signs in.
 * Undefined when the schema has no free-text field to mark.
 */
export function selfUpdateBody(op: ApiOperation, marker: string): Record<string, unknown> | undefined {
  const path = markerPath(op.requestSchema);
  return path ? setAt({}, path, marker) : undefined;
}

export const marker = (who: string) => `${PROBE_MARK}-${who}-${Math.random().toString(36).slice(2, 8)}`;
