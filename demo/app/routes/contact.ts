// The public contact form, forwarded to support through the outbox. Being
// public and sending mail, it is the app's easiest spam relay unless limited.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { FixedWindowLimiter, clientIp, tooManyRequests } from '../middleware/rate-limit.js';
import { EMAIL, looseBody, parseBody } from '../validate.js';

export const CONTACT_PER_IP_PER_HOUR = 10;
const SUPPORT = 'support@acme.test';
const CONTACT_BODY = {
  name: { kind: 'string', min: 1, max: 100 },
  email: { kind: 'string', min: 3, max: 254, pattern: EMAIL },
  message: { kind: 'string', min: 1, max: 5000 },
} as const;

export function contactRouter(cx: AppContext): Router {
  const router = Router();
  // Every attempt counts, valid or not: invalid ones cost the server too.
  const perIp = new FixedWindowLimiter(CONTACT_PER_IP_PER_HOUR, 60 * 60_000);

  router.post('/', (req, res) => {
    let name: string;
    let email: string;
    let message: string;
    if (cx.hardened) {
      const ip = clientIp(req);
      const wait = perIp.retryAfter(ip);
      if (wait > 0) return tooManyRequests(res, wait);
      perIp.hit(ip);
      const body = parseBody(req, res, CONTACT_BODY);
      if (!body) return;
      ({ message } = body);
      // One line each: a newline in a mail header field is a header injection.
      name = body.name.replace(/\s+/g, ' ');
      email = body.email.replace(/\s+/g, '');
    } else {
      const body = looseBody(req)!;
      name = String(body.name);
      email = String(body.email);
      message = String(body.message);
    }
    cx.state.outbox.push({ to: SUPPORT, subject: `Contact form: ${name.trim()}`, body: `From: ${email.trim()}\n\n${message}` });
    res.status(202).json({ ok: true });
  });
  return router;
}
