// The OpenAPI/Swagger builder of the target model: the parsed document (see
// src/evidence/gatherers/openapi.ts, which already resolves $refs, the base
// path and each operation's expected callers) as a contribution.
import type { ApiSpec, Gathered } from '../evidence/types.js';
import { ok } from '../evidence/types.js';
import type { Contribution } from './model.js';

export function fromOpenApi(spec: Gathered<ApiSpec>): Gathered<Contribution> {
  if (spec.state !== 'ok') return spec.state === 'error' ? { state: 'error', reason: `OpenAPI: ${spec.reason}` } : spec;
  const s = spec.value;
  return ok({ source: `openapi ${s.source}`, ...(s.basePath ? { basePath: s.basePath } : {}), operations: s.operations });
}
