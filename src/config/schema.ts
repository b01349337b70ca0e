// The launchready.yml schema. It is the single source of the config's shape:
// the TypeScript type is inferred from it. Every string field may be written as
// `env:NAME` in the file; the loader resolves those after validation, so the
// schema sees the reference and secrets never need to live in the file.
import { z } from 'zod';
import { monitorSchema } from './monitor-schema.js';
import { aiSchema } from './ai-schema.js';

export const STAGE_PROFILES = ['prototype', 'first-customers', 'scale'] as const;
export const PRODUCT_TYPES = ['internal-tool', 'saas', 'api'] as const;

const url = z.string().min(1).describe('an absolute URL such as https://app.example.com');

export const environmentSchema = z.strictObject({
  appUrl: url.optional().describe('where people open the app'),
  apiUrl: url.optional().describe('the API origin (defaults to appUrl)'),
  httpUrl: url.optional().describe('the plain-HTTP origin that must redirect to HTTPS (default: appUrl on http:)'),
  envFiles: z.array(z.string()).default([]).describe('env files of this environment, relative to repo.path'),
  allowWrites: z.boolean().default(false).describe('whether probes may send POST/PUT/PATCH/DELETE here'),
});

const redirectSchema = z.strictObject({ from: url, to: url });

export const domainsSchema = z.strictObject({
  apex: z.string().optional(),
  www: z.string().optional(),
  app: z.string().optional(),
  api: z.string().optional(),
  mail: z.string().optional().describe('the domain your app sends email from'),
  dkimSelectors: z.array(z.string()).default([]),
  extra: z.array(z.string()).default([]),
  redirects: z.array(redirectSchema).default([]),
});

const loginSchema = z.strictObject({
  username: z.string(),
  password: z.string(),
});

export const roleSchema = z.strictObject({
  // Issue 11: null for a platform admin who belongs to no tenant; may be left out with auth.tenantBy: user.
  tenant: z.string().nullable().optional().describe('the workspace/tenant this user belongs to; null for a platform admin of no tenant'),
  login: loginSchema.optional().describe('credentials used with auth.login'),
  token: z.string().optional().describe('a ready-made bearer token instead of logging in'),
  description: z.string().optional(),
});

/** One account flow: "METHOD /path/{param}", or that plus a body template (see auth.flows). */
export const flowSchema = z.union([
  z.string().regex(/^\s*[A-Za-z]+\s+\S+\s*$/, '"METHOD /path"'),
  z.strictObject({
    operation: z.string().regex(/^\s*[A-Za-z]+\s+\S+\s*$/, '"METHOD /path"').describe('"METHOD /path/{param}"'),
    body: z.record(z.string(), z.unknown()).optional().describe('the JSON body, with {email}, {password}, {newPassword}, {token}, {id}, {username} in its strings'),
  }),
]);
export type FlowConfig = z.infer<typeof flowSchema>;

export const authSchema = z.strictObject({
  login: z
    .strictObject({
      method: z.enum(['POST', 'PUT']).default('POST'),
      path: z.string().describe('login endpoint path under the API root (apiUrl plus the API document’s base path), e.g. /api/auth/login; a full URL for one outside it'),
      usernameField: z.string().default('email'),
      passwordField: z.string().default('password'),
      /** Where the credential comes back: a JSON path (json:token, json:user.token), a response header (header:Authorization) or a cookie (cookie:sid). */
      tokenFrom: z.string().regex(/^(json|cookie|header):.+$/, 'json:PATH, header:NAME or cookie:NAME').default('json:token'),
      // Issue 11: any login shape. Without `body` the body is { <usernameField>: …, <passwordField>: … }.
      body: z
        .union([z.string(), z.record(z.string(), z.unknown())])
        .optional()
        .describe('the login body as a template: {"user": {"email": "{username}", "password": "{password}"}}'),
      contentType: z.enum(['json', 'form']).default('json').describe('json, or form for application/x-www-form-urlencoded'),
    })
    .optional(),
  /**
   * Cookie sessions protected against CSRF (issue 11): where the app issues
   * its token and how it wants it back. Rails: from meta:csrf-token; Django:
   * from cookie:csrftoken; Laravel: from cookie:XSRF-TOKEN (page GET
   * /sanctum/csrf-cookie); Express csurf: from json:csrfToken or a meta tag.
   */
  csrf: z
    .strictObject({
      from: z.string().regex(/^(cookie|header|meta|json):.+$/, 'cookie:NAME, header:NAME, meta:NAME or json:PATH').describe('where the token is read'),
      page: z.string().optional().describe('"GET /path" that issues the token (default: GET of the login path)'),
      header: z.string().optional().describe('the header it is sent back in (default: X-CSRFToken for csrftoken, X-XSRF-TOKEN for XSRF-TOKEN, else X-CSRF-Token)'),
      field: z.string().optional().describe('also put it in the login body under this name (authenticity_token, csrfmiddlewaretoken, _token, _csrf)'),
    })
    .optional(),
  /** Who owns objects: a tenant shared by several roles (default when roles name tenants), or each user alone (one-user tenants). */
  tenantBy: z.enum(['tenant', 'user']).optional(),
  logout: z
    .strictObject({
      method: z.enum(['POST', 'DELETE', 'GET']).default('POST'),
      path: z.string(),
      body: z.record(z.string(), z.unknown()).optional().describe('body template of the logout request, as for auth.flows'),
    })
    .optional(),
  /**
   * Account flows the abuse probes drive (issue 3). Each is "METHOD /path",
   * or { operation: "METHOD /path/{param}", body: {…template…} } (issue 11):
   * path parameters are filled from the signed-in user's own record (its
   * GET /me answer) or the flow's own values, and string values of the body
   * may hold {email}, {password}, {newPassword}, {token}, {id}, {username}.
   * A flow left out is reported not-tested, never passed.
   */
  flows: z
    .strictObject({
      passwordResetRequest: flowSchema.optional().describe('"POST /api/auth/password-reset/request": body { <usernameField>: email }'),
      passwordResetConfirm: flowSchema.optional().describe('"POST /api/auth/password-reset/confirm": body { token, password }'),
      /** Where a reset token shows up in the reset-request response, if the app (wrongly) returns it: json:FIELD. */
      resetTokenFrom: z.string().regex(/^json:.+$/, 'json:FIELD').default('json:token'),
      passwordChange: flowSchema.optional().describe('"POST /api/me/password": body { currentPassword, newPassword }'),
      inviteCreate: flowSchema.optional().describe('"POST /api/invites": body { email, role }'),
      inviteRevoke: flowSchema.optional().describe('"DELETE /api/invites/{id}"'),
      inviteAccept: flowSchema.optional().describe('"POST /api/invites/accept": body { token, password, … }'),
      /** Where the invite token is in the invite-create response: json:FIELD. */
      inviteTokenFrom: z.string().regex(/^json:.+$/, 'json:FIELD').default('json:token'),
      /** Disables a user by id; the probe disables only a throwaway user it invited itself. */
      userDisable: flowSchema.optional().describe('"POST /api/admin/users/{id}/disable"'),
      signup: flowSchema.optional().describe('"POST /api/signup": burst for a rate limit, probed for mass assignment'),
      contact: flowSchema.optional().describe('"POST /api/contact"'),
      /** Requests in one rate-limit burst: a limit must answer 429 (or lock out) within this many. */
      rateLimitBurst: z.number().int().min(3).max(500).default(30),
      /** Seconds after which a session must have expired; the probe replays an early token after that long. */
      sessionTtlSeconds: z.number().positive().optional(),
      /** Parallel requests of the access probes, on top of network.ratePerSecond. */
      concurrency: z.number().int().min(1).max(32).default(4),
    })
    .default({ resetTokenFrom: 'json:token', inviteTokenFrom: 'json:token', rateLimitBurst: 30, concurrency: 4 }),
  /**
   * Files of candidate JWT signing keys, one a line, tried offline against
   * the roles' HS256/384/512 tokens besides the built-in short list: a
   * public list such as Wallarm's jwt-secrets (jwt.secrets.list, MIT) or
   * jwt_tool's jwt-common.txt. Paths are relative to this file.
   */
  jwtKeyLists: z.array(z.string()).optional().describe('files of candidate JWT signing keys, one a line (e.g. a download of Wallarm\'s jwt.secrets.list)'),
  /** How a token is sent: the Authorization header with a scheme, a cookie (with every cookie the login set), or a custom header. */
  send: z
    .strictObject({
      as: z.enum(['bearer', 'cookie', 'header']).default('bearer'),
      name: z.string().optional().describe('cookie or header name'),
      scheme: z.string().optional().describe('the word before the token: Bearer (default for as: bearer), Token, JWT; "" or none for the bare token'),
    })
    .default({ as: 'bearer' }),
  roles: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case role name'), roleSchema).default({}),
});

export const policyRuleSchema = z
  .strictObject({
    operation: z
      .string()
      .optional()
      .describe('"METHOD /path/{param}" with * wildcards, e.g. "POST /api/invoices/{id}/approve" or "GET /api/admin/*"'),
    operationId: z.string().optional(),
    allow: z.array(z.string()).min(1).describe('role names, or "anonymous" for public operations'),
    description: z.string().optional(),
    // Issue 11: cross-tenant and cross-owner probes skip an operation whose callers may act on anyone's objects.
    objects: z
      .enum(['own', 'any'])
      .optional()
      .describe('own (default): callers reach only their own tenant\'s objects (their own, with tenantBy: user); any: anyone\'s (comments, favourites, a support desk)'),
  })
  .refine((r) => (r.operation === undefined) !== (r.operationId === undefined), {
    message: 'give exactly one of operation or operationId',
  });

export const configSchema = z.strictObject({
  version: z.literal(1).default(1),
  project: z.strictObject({
    name: z.string().min(1),
    stage: z.enum(STAGE_PROFILES).default('first-customers'),
    productType: z.enum(PRODUCT_TYPES).default('internal-tool'),
  }),
  repo: z.strictObject({ path: z.string().default('.') }).default({ path: '.' }),
  environments: z.record(z.string(), environmentSchema).refine((e) => Object.keys(e).length > 0, {
    message: 'at least one environment',
  }),
  domains: domainsSchema.default({ dkimSelectors: [], extra: [], redirects: [] }),
  api: z
    .strictObject({
      openapi: z.string().optional().describe('path (relative to the config file) or URL of the OpenAPI document'),
      // Issue 12: HAR 1.2 recordings of the app in use, one per role (devtools → Network → Save all as HAR).
      har: z
        .array(z.union([z.string(), z.strictObject({ path: z.string(), role: z.string().optional() })]))
        .optional()
        .describe('HAR recordings, relative to the config file; { path, role } names whose recording it is, otherwise it is told from its login, its token or its file name'),
      target: z.string().optional().describe('the environment dynamic checks run against (default: the first)'),
      healthPath: z.string().default('/health'),
      // Issue 11: where the document's servers/basePath is not where this deployment serves the API.
      basePath: z.string().optional().describe('the API\'s base path on this deployment, overriding the document\'s servers/basePath ("" or / for the origin root)'),
      /**
       * Per collection (issue 11), keyed by its list or item path
       * ("/articles/{slug}"): which property identifies an item and which
       * names its owner, where guessing from the responses fails.
       */
      collections: z
        .record(
          z.string(),
          z.strictObject({
            id: z.string().optional().describe('the property that fills the path parameter, e.g. slug'),
            owner: z.string().optional().describe('the property naming the owner, e.g. author.username or userId'),
          }),
        )
        .optional(),
    })
    .default({ healthPath: '/health' }),
  auth: authSchema.default({
    send: { as: 'bearer' },
    roles: {},
    flows: { resetTokenFrom: 'json:token', inviteTokenFrom: 'json:token', rateLimitBurst: 30, concurrency: 4 },
  }),
  policy: z.array(policyRuleSchema).default([]),
  /**
   * Issue 10: operations the audit must never call, as "METHOD /path" (with
   * {param} and * wildcards) or an operationId: reset, seed and self-delete
   * endpoints. Operations whose path or summary says reset, seed, drop,
   * truncate, wipe or createdb are excluded by default (src/target/exclusions.ts).
   */
  exclude: z.array(z.string().min(1)).default([]),
  network: z
    .strictObject({
      dnsServer: z.string().optional().describe('HOST:PORT of the resolver every lookup goes to'),
      caFile: z.string().optional().describe('extra CA certificate (PEM) to trust, e.g. a staging CA'),
      timeoutMs: z.number().int().positive().default(10_000),
      maxRequests: z.number().int().positive().default(2_000),
      ratePerSecond: z.number().positive().default(20),
      maxSeconds: z.number().positive().default(300),
    })
    .default({ timeoutMs: 10_000, maxRequests: 2_000, ratePerSecond: 20, maxSeconds: 300 }),
  handover: z
    .strictObject({
      envVars: z
        .array(z.strictObject({ name: z.string(), owner: z.string(), rotation: z.string().optional() }))
        .default([]),
      alertRecipients: z.array(z.string()).default([]),
      rollback: z.array(z.string()).default([]),
    })
    .default({ envVars: [], alertRecipients: [], rollback: [] }),
  /** `launchready monitor`: checks, storage, alert channels, logs, dashboard (see src/config/monitor-schema.ts). */
  monitor: monitorSchema.optional(),
  /** The app's AI assistant endpoints, for the prompt-injection red team (see src/config/ai-schema.ts). */
  ai: aiSchema.optional(),
});

export type LaunchConfig = z.infer<typeof configSchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type RoleConfig = z.infer<typeof roleSchema>;
export type PolicyRule = z.infer<typeof policyRuleSchema>;

/** A loaded config plus where it came from (paths in it are relative to its folder). */
export interface LoadedConfig {
  config: LaunchConfig;
  /** Absolute path of the file, or '<inline>' */
  file: string;
  /** Folder relative paths resolve against. */
  baseDir: string;
  /** Every credential value (keys such as password/token/secret/key), whether from env: or written inline; the redactor masks them wherever they appear. */
  secrets: string[];
  /** False when api.healthPath was not written in the file (the schema's /health is only the usual guess); absent for configs built in code. */
  healthPathDeclared?: boolean;
}
