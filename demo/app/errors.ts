// The last handlers. The vulnerable one renders the stack trace whatever
// NODE_ENV says (the classic "debug on in production" mistake), so the leak
// is the same under every test runner; the hardened one answers a short JSON
// error and keeps the details for the server log.
import type { NextFunction, Request, Response } from 'express';

function statusOf(err: unknown): number {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const s = e?.status ?? e?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function stackTraceErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const text = err instanceof Error ? (err.stack ?? String(err)) : String(err);
  res
    .status(statusOf(err))
    .type('html')
    .send(`<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Error</title></head>\n<body><pre>${escapeHtml(text)}</pre></body>\n</html>\n`);
}

const CLIENT_ERRORS: Record<number, string> = { 404: 'not found', 413: 'payload too large', 415: 'unsupported media type' };

export function jsonErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const status = statusOf(err);
  if (status < 500) {
    res.status(status).json({ error: CLIENT_ERRORS[status] ?? 'bad request' });
    return;
  }
  console.error('acme-ops: unhandled error', err);
  res.status(500).json({ error: 'internal error' });
}

export function jsonNotFound(_req: Request, res: Response): void {
  res.status(404).json({ error: 'not found' });
}
