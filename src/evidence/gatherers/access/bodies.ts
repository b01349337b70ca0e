// Bodies for write probes: what the app accepts (every documented property,
// the document's examples, its wrappers, unique values; see
// src/target/bodies.ts), with one harmless text field set to a recognisable
// marker so a read-back shows whether the write landed.
import { PROBE_MARK } from '../../../probe/schema-bodies.js';
import { bodyFor, markerPath, setAt, type BodyAttempt } from '../../../target/bodies.js';
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
