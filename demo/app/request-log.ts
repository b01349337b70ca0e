// The app's own request log: pino-style JSON lines, the format the monitor
// tails and the audit samples. Vulnerable logs what a hurried team logs —
// the whole request headers (bearer tokens, cookies) and, on a failed login,
// the email and the password typed. Hardened logs the same events with those
// paths redacted, as pino's `redact` option would.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import type { DemoMode } from './model.js';

export const REDACTED = '[Redacted]';

export class RequestLog {
  private readonly stream: WriteStream | undefined;
  private closed = false;

  constructor(
    file: string | undefined,
    private readonly mode: DemoMode,
  ) {
    this.stream = file ? createWriteStream(file, { flags: 'a' }) : undefined;
  }

  write(entry: Record<string, unknown>): void {
    // A request may still finish while the demo shuts down: drop its line.
    if (this.closed) return;
    this.stream?.write(JSON.stringify({ level: 30, time: Date.now(), ...entry }) + '\n');
  }

  /** Express middleware: one line per finished request. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (!this.stream) return next();
      const started = performance.now();
      res.on('finish', () => {
        const headers = this.mode === 'vulnerable' ? req.headers : redactHeaders(req.headers);
        this.write({
          msg: 'request completed',
          req: { method: req.method, url: req.originalUrl, headers },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        });
      });
      next();
    };
  }

  loginFailed(email: string, password: string, userId: string | undefined): void {
    if (this.mode === 'vulnerable') this.write({ level: 40, msg: `login failed for ${email}`, event: 'login_failed', body: { email, password } });
    else this.write({ level: 40, msg: 'login failed', event: 'login_failed', userId: userId ?? null });
  }

  close(): Promise<void> {
    this.closed = true;
    return new Promise((resolve) => (this.stream ? this.stream.end(resolve) : resolve()));
  }
}

function redactHeaders(headers: Request['headers']): Record<string, unknown> {
  const out: Record<string, unknown> = { ...headers };
  for (const h of ['authorization', 'cookie', 'x-api-key']) if (h in out) out[h] = REDACTED;
  return out;
}
