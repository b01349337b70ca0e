// The vulnerable mode reflects any Origin (even "null", which sandboxed
// iframes and file: pages send) together with credentials: any website a
// signed-in user visits can then read the API as that user. The hardened
// mode names one origin.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.js';

const HARDENED_METHODS = 'GET, POST, PATCH, DELETE';
const HARDENED_HEADERS = 'Authorization, Content-Type';

export function cors(cx: AppContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    const allowed = origin !== undefined && (cx.hardened ? origin === cx.appOrigin : true);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!preflight) return next();
    if (allowed) {
      const askedHeaders = req.headers['access-control-request-headers'];
      res.setHeader('Access-Control-Allow-Methods', cx.hardened ? HARDENED_METHODS : (req.headers['access-control-request-method'] ?? '*'));
      if (cx.hardened) res.setHeader('Access-Control-Allow-Headers', HARDENED_HEADERS);
      else if (askedHeaders) res.setHeader('Access-Control-Allow-Headers', askedHeaders);
      res.setHeader('Access-Control-Max-Age', cx.hardened ? '600' : '86400');
    }
    // A refused preflight still ends here: without the CORS headers the browser blocks the real request.
    res.status(204).end();
  };
}
