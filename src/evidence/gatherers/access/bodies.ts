// Bodies for write probes: valid per the schema, with one harmless text field
// set to a recognisable marker so a read-back shows whether the write landed.
import { PROBE_MARK, propertiesOf, validValue } from '../../../probe/schema-bodies.js';
import type { ApiOperation } from '../../types.js';

export function markerField(op: ApiOperation): string | undefined {
  const props = propertiesOf(op.requestSchema).filter((p) => p.schema.readOnly !== true);
  const text = (p: (typeof props)[number]) =>
    (p.schema.type === 'string' || p.schema.type === undefined) && p.schema.enum === undefined && p.schema.format === undefined;
  const preferred = props.find((p) => text(p) && /^(name|title|description|note|notes|memo|label|customer|comment)$/i.test(p.name));
  return (preferred ?? props.find(text))?.name;
}

/** A valid body for op; `marker` goes into its marker field. */
export function writeBody(op: ApiOperation, marker?: string): Record<string, unknown> {
  const base = op.requestSchema ? validValue(op.requestSchema) : {};
  const body = typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  const field = markerField(op);
  if (field && marker) body[field] = marker;
  return body;
}

export const marker = (who: string) => `${PROBE_MARK}-${who}-${Math.random().toString(36).slice(2, 8)}`;
