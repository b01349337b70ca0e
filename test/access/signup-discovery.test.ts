// Which route is the signup when auth.flows names none (issue 11): an
// anonymous POST without path parameters whose last segment names a
// registration and whose body (or its one-key wrapper) takes a password.
// The login, an invite acceptance, a contact form and an admin's user create
// are not it; the bundled demo, which has no signup, gets none.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveFromConfig } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/schema.js';
import { AccessContext } from '../../src/evidence/gatherers/access/context.js';
import { discoveredSignup } from '../../src/evidence/gatherers/access/flows.js';
import { gatherOpenApi } from '../../src/evidence/gatherers/openapi.js';
import { ProbeClient } from '../../src/probe/client.js';
import { RoleCaller } from '../../src/probe/role-caller.js';
import { Sessions } from '../../src/probe/sessions.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { fromOpenApi } from '../../src/target/from-openapi.js';
import { buildTarget } from '../../src/target/model.js';
import { jsonBody, ok, openapi, targetYml, fileWorkdir, loadTargetConfig } from '../targets/support.js';

const dir = fileWorkdir();

async function signupOf(loaded: LoadedConfig) {
  const { config } = loaded;
  const doc = await gatherOpenApi(resolveFromConfig(loaded, config.api.openapi!), config.policy, Object.keys(config.auth.roles));
  const target = buildTarget(config, [fromOpenApi(doc)]);
  if (target.state !== 'ok') throw new Error('no target model');
  // Nothing is sent: the client is real but no call is made.
  const redactor = new Redactor(loaded.secrets);
  const client = new ProbeClient({ timeoutMs: 1000, maxRequests: 1, ratePerSecond: 1, maxSeconds: 1, credentialOrigins: [], writableOrigins: [], redactor });
  try {
    const sessions = new Sessions(config, 'http://127.0.0.1:9', client, redactor, target.value.basePath);
    const cx = new AccessContext(new RoleCaller(client, sessions, 1), 'http://127.0.0.1:9', target.value, [], config, undefined);
    return discoveredSignup(cx)?.name;
  } finally {
    await client.close();
  }
}

describe('the signup route found in the API document', () => {
  it('is the anonymous registration, not the login, an invite acceptance, a contact form or an admin-only create', async () => {
    const pw = { email: { type: 'string' }, password: { type: 'string' } };
    const spec = openapi('discovery', {
      '/api/auth/login': { post: { security: [], requestBody: jsonBody(pw), responses: ok } },
      '/api/invites/accept': { post: { security: [], requestBody: jsonBody({ token: { type: 'string' }, password: { type: 'string' } }), responses: ok } },
      '/api/contact': { post: { security: [], requestBody: jsonBody({ email: { type: 'string' }, message: { type: 'string' } }), responses: ok } },
      '/api/users': { post: { requestBody: jsonBody(pw), responses: ok } },
      '/api/v1/auth/register': { post: { security: [], requestBody: jsonBody({ user: { type: 'object', properties: pw } }), responses: ok } },
    });
    const yml = targetYml({
      name: 'Discovery',
      url: 'http://127.0.0.1:9',
      allowWrites: true,
      auth: '  login: { path: /api/auth/login }\n  roles:\n    admin: { tenant: t, login: { username: a@example.com, password: x } }',
      policy: ['{ operation: "POST /api/users", allow: [admin] }'],
    });
    expect(await signupOf(await loadTargetConfig(dir.dir, spec, yml))).toBe('POST /api/v1/auth/register');
  });

  it("finds none in the bundled demo's document, whose only public routes taking a password are the login, the reset and the invite acceptance", async () => {
    const spec = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../demo/openapi.json'), 'utf8')) as object;
    const yml = targetYml({ name: 'Demo', url: 'http://127.0.0.1:9', allowWrites: true, auth: '  login: { path: /api/auth/login }\n  roles:\n    owner: { tenant: t, login: { username: a@example.com, password: x } }', policy: ['{ operation: "GET /api/health", allow: [anonymous] }'] });
    expect(await signupOf(await loadTargetConfig(dir.dir, spec, yml))).toBeUndefined();
  });
});
