// Acme Ops, the bundled demo target: a small internal operations app that
// runs either with planted security problems ('vulnerable') or with each of
// them fixed ('hardened'). The auditor's known-answer tests depend on the
// exact behaviour of each mode; README.md lists every planted problem.
import { RequestLog } from './request-log.js';
import express, { type Express } from 'express';
import type { AppContext } from './context.js';
import { jsonErrorHandler, jsonNotFound, stackTraceErrorHandler } from './errors.js';
import { cors } from './middleware/cors.js';
import type { DemoMode, DemoSeed, DemoState } from './model.js';
import { adminRouter } from './routes/admin.js';
import { assistantRouter, type AssistantSetup } from './routes/assistant.js';
import { newSystemPromptCanary, systemPrompt } from './assistant/prompt.js';
import { StandInModel } from './assistant/stand-in.js';
import { authRouter } from './routes/auth.js';
import { contactRouter } from './routes/contact.js';
import { invitesRouter } from './routes/invites.js';
import { invoicesRouter } from './routes/invoices.js';
import { meRouter } from './routes/me.js';
import { pagesRouter } from './routes/pages.js';
import { payoutsRouter } from './routes/payouts.js';
import { securityHeaders } from './security-headers.js';
import { Store } from './store.js';

export type { DemoMode, DemoRole, DemoSeed, DemoState, DemoUser } from './model.js';
export { createSeed } from './seed.js';

export const DEFAULT_SESSION_TTL_MS = 30 * 60_000;

function normaliseOrigin(origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  try {
    return new URL(origin).origin;
  } catch {
    throw new Error(`createAcmeApp: appOrigin is not a URL: ${origin}`);
  }
}

export function createAcmeApp(opts: {
  mode: DemoMode;
  seed: DemoSeed;
  appOrigin?: string;
  sessionTtlMs?: number;
  /** Where the JSON-lines request log goes; no log when absent. */
  logFile?: string;
  /** The assistant's model, system prompt and key; default: the stand-in model with a fresh system-prompt canary. */
  assistant?: Partial<AssistantSetup>;
}): { app: Express; state: DemoState; log: RequestLog } {
  const hardened = opts.mode === 'hardened';
  const state: DemoState = { outbox: [], auditLog: [], generatedSecrets: [] };
  const store = Store.seeded(opts.mode, opts.seed, state, opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS);
  const log = new RequestLog(opts.logFile, opts.mode);
  const cx: AppContext = { mode: opts.mode, hardened, store, state, appOrigin: normaliseOrigin(opts.appOrigin), log };

  const app = express();
  app.use(log.middleware());
  // Vulnerable keeps Express's X-Powered-By banner on, as a default install does.
  if (hardened) {
    app.disable('x-powered-by');
    app.use(securityHeaders);
  }
  app.use(cors(cx));
  app.use(express.json({ limit: hardened ? '100kb' : '50mb' }));

  app.use(pagesRouter(cx));
  app.use('/api/auth', authRouter(cx));
  app.use('/api/me', meRouter(cx));
  app.use('/api/invoices', invoicesRouter(cx));
  app.use('/api/payouts', payoutsRouter(cx));
  app.use('/api/invites', invitesRouter(cx));
  app.use('/api/contact', contactRouter(cx));
  app.use('/api/assistant', assistantRouter(cx, assistantSetup(opts.assistant)));
  app.use('/api', adminRouter(cx));

  if (hardened) {
    app.use(jsonNotFound);
    app.use(jsonErrorHandler);
  } else {
    // Unknown paths fall through to Express's own "Cannot GET" page.
    app.use(stackTraceErrorHandler);
  }
  return { app, state, log };
}

function assistantSetup(given: Partial<AssistantSetup> = {}): AssistantSetup {
  const canary = given.canary ?? newSystemPromptCanary();
  return { model: given.model ?? new StandInModel(), canary, systemPrompt: given.systemPrompt ?? systemPrompt(canary), ...(given.apiKey ? { apiKey: given.apiKey } : {}) };
}
