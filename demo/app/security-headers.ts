// Headers the hardened mode sends on every response, errors and 404s
// included: an attacker picks whichever response is weakest.
import type { NextFunction, Request, Response } from 'express';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  // API answers carry personal and financial data: no shared or browser cache may keep them.
  if (req.path === '/api' || req.path.startsWith('/api/') || req.path === '/health') res.setHeader('Cache-Control', 'no-store');
  next();
}
