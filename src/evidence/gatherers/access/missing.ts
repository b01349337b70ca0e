// Reasons a probe could not run, in terms of the target model (issue 10,
// critic #8): what was missing among the operations the model has, named
// with where they came from (the API document, the page's scripts, the
// policy lines, HAR recordings), and only reads that were actually made.
// "no id of tenant main was found in /api/invoices" claimed a read of a list
// the model did not have and nobody sent.
import type { AccessContext } from './context.js';

/** A list read by discovery: who read it and what came back (null: no answer). */
export interface ListRead {
  role: string;
  tenant: string;
  status: number | null;
}

/** Where the model's operations came from, in words: "the API document openapi.json", "the page http://…". */
export function operationsSource(cx: AccessContext): string {
  const words = cx.target.sources.map((s) => {
    const [kind, ...rest] = s.split(' ');
    const what = rest.join(' ');
    if (kind === 'openapi') return `the API document${what ? ` ${what}` : ''}`;
    if (kind === 'har') return `the HAR recording${what ? ` ${what}` : 's'}`;
    if (kind === 'page') return `the page's scripts${what ? ` at ${what}` : ''}`;
    if (kind === 'policy') return 'the policy lines';
    return s;
  });
  return words.length ? words.join(' and ') : 'no source';
}

/** "no POST /api/projects among the operations (from the page's scripts (http://…))". */
export function noOperation(cx: AccessContext, method: string, path: string): string {
  return `no ${method} ${path} among the operations (from ${operationsSource(cx)})`;
}

/**
 * Why no id of `tenant` is known for `collection`: the model has no list to
 * read them from, no role of the tenant may read it, or it was read (as
 * whom, with what status) and named none.
 */
export function noIdReason(cx: AccessContext, collection: string, tenant: string): string {
  const head = `no id of tenant ${tenant} is known for ${collection}`;
  const list = cx.op('GET', collection);
  if (!list) {
    // Discovery reads such a collection anyway, for ids only (discovery.ts, harvestUnlisted).
    const tried = (cx.listReads.get(collection) ?? []).filter((r) => r.tenant === tenant);
    const anyway = tried.length ? `; GET ${collection}, read anyway for ids (${tried.map((r) => `${r.role} → ${r.status ?? 'no answer'}`).join(', ')}), named none` : '';
    return `${head}: ${noOperation(cx, 'GET', collection)} to list them${anyway}, and no other answer named one`;
  }
  const reads = (cx.listReads.get(list.path) ?? []).filter((r) => r.tenant === tenant);
  if (reads.length === 0) {
    const may = cx.allowed(list).some((r) => r.tenant === tenant);
    return `${head}: ${may ? `GET ${list.path} was not read as a role of tenant ${tenant}` : `no role of tenant ${tenant} may call GET ${list.path}`}`;
  }
  const how = reads.map((r) => `${r.role} → ${r.status ?? 'no answer'}`).join(', ');
  return reads.some((r) => r.status !== null && r.status >= 200 && r.status < 300)
    ? `${head}: GET ${list.path} (read as ${how}) named none`
    : `${head}: GET ${list.path} was refused (${how})`;
}
