// CORS: does the API hand another site's script a credentialed answer? An
// arbitrary or `null` Origin reflected together with
// Access-Control-Allow-Credentials: true is the finding; `*` without
// credentials is informational (browsers refuse to pair it with cookies).
import { ANON } from '../../../probe/role-caller.js';
import { status, type AccessContext } from './context.js';
import { isProtected } from '../openapi.js';

export const EVIL_ORIGIN = 'https://evil.launchready.invalid';

export async function cors(cx: AccessContext): Promise<void> {
  const me = cx.ops.find((o) => o.method === 'GET' && /\/(me|whoami|session|profile|account)$/i.test(o.path));
  const list = cx.ops.find((o) => o.method === 'GET' && isProtected(o) && !o.path.includes('{') && o !== me);
  const pub = cx.ops.find((o) => o.method === 'GET' && !isProtected(o) && !o.path.includes('{'));
  const targets = [me, list, pub].filter((o): o is NonNullable<typeof o> => o !== undefined);
  if (targets.length === 0) return cx.skipFamily('cors', 'no GET operation without path parameters to test');
  for (const op of targets) {
    const role = isProtected(op) ? cx.allowed(op)[0]?.name : ANON;
    if (!role) continue;
    for (const origin of [EVIL_ORIGIN, 'null']) {
      const call = (purpose: string) => cx.caller.call(role, { method: 'GET', url: cx.url(op.path), headers: { origin }, purpose });
      const res = await call(`CORS: Origin ${origin} on GET ${op.path}`);
      const h = res.exchange.response?.headers ?? {};
      const acao = h['access-control-allow-origin'] ?? null;
      const creds = (h['access-control-allow-credentials'] ?? '').toLowerCase() === 'true';
      const reflected = acao === origin;
      const confirm = reflected ? await call(`confirm CORS reflection of ${origin}`) : undefined;
      const preflight = reflected
        ? await cx.caller.call(ANON, {
            method: 'OPTIONS',
            url: cx.url(op.path),
            headers: { origin, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
            purpose: `CORS preflight from ${origin}`,
          })
        : undefined;
      cx.record('cors', origin === 'null' ? 'null-origin' : 'arbitrary-origin', `GET ${op.path}`, role, [['request', res.exchange], ['confirm', confirm?.exchange], ['preflight', preflight?.exchange]], {
        status: status(res.exchange),
        allowOrigin: acao,
        allowCredentials: creds,
        reflected,
        confirmed: confirm ? confirm.exchange.response?.headers['access-control-allow-origin'] === origin : false,
        wildcard: acao === '*',
      });
    }
  }
}
