// A JSON POST with a deadline on the whole exchange, no redirects (a webhook
// URL that redirects is misconfigured, and following it could send the alert
// somewhere else), and a bounded read of the answer.
export async function postJson(url: string, body: unknown, opts: { timeoutMs: number; headers?: Record<string, string> }): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
  // Only the status matters; do not wait for (or buffer) a body a hostile peer could drip forever.
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`answered HTTP ${res.status}`);
}
