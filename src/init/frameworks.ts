// Web frameworks `launchready init` recognises, how it recognises them, and
// the sign-in route each one usually has. The routes are suggestions written
// as commented guesses in the drafted config, never silent defaults: an app
// can mount its login anywhere. Sources: each framework's own authentication
// guide (NestJS "Authentication" recipe, Devise's routes, Django's
// `django.contrib.auth.urls` and Simple JWT's `TokenObtainPairView`,
// Flask-Login's and Flask-JWT-Extended's examples, Laravel Breeze/Sanctum).

/** What a repository file says about the framework. */
export interface FrameworkSignals {
  /** npm dependency names from every package.json found. */
  npm: ReadonlySet<string>;
  /** Lower-cased text of Python requirement files (requirements*.txt, pyproject.toml, Pipfile). */
  python: string;
  /** Lower-cased Gemfile text. */
  gemfile: string;
  /** composer.json require names. */
  composer: ReadonlySet<string>;
}

export interface LoginSuggestion {
  method: 'POST';
  path: string;
  /** Where the credential comes back: json:FIELD or cookie:NAME. */
  tokenFrom: string;
  usernameField: string;
  /** Why this route, in one line, for the comment above it. */
  why: string;
}

export interface Framework {
  id: string;
  name: string;
  /** Found when this returns the evidence (a dependency name), undefined otherwise. */
  detect(s: FrameworkSignals): string | undefined;
  login(s: FrameworkSignals): LoginSuggestion;
  /** Where the framework serves its own OpenAPI document at run time, if it does. */
  servedOpenApi?(s: FrameworkSignals): string | undefined;
}

const npmDep = (name: string) => (s: FrameworkSignals) => (s.npm.has(name) ? `package.json depends on ${name}` : undefined);
const pyDep = (name: string) => (s: FrameworkSignals) =>
  new RegExp(`(^|[\\s"'\\[,])${name}([\\s=<>~!\\[;,"']|$)`, 'm').test(s.python) ? `Python requirements list ${name}` : undefined;

/** In order of specificity: Next.js and NestJS apps also depend on express-like packages. */
export const FRAMEWORKS: readonly Framework[] = [
  {
    id: 'nestjs',
    name: 'NestJS',
    detect: npmDep('@nestjs/core'),
    login: () => ({
      method: 'POST',
      path: '/auth/login',
      tokenFrom: 'json:access_token',
      usernameField: 'username',
      why: 'the NestJS authentication recipe signs in at POST /auth/login and answers { access_token }',
    }),
    servedOpenApi: (s) => (s.npm.has('@nestjs/swagger') ? '/api-json' : undefined),
  },
  {
    id: 'nextjs',
    name: 'Next.js',
    detect: npmDep('next'),
    login: (s) =>
      s.npm.has('next-auth') || s.npm.has('@auth/core')
        ? {
            method: 'POST',
            path: '/api/auth/callback/credentials',
            tokenFrom: 'cookie:next-auth.session-token',
            usernameField: 'email',
            why: 'Auth.js (next-auth) credentials sign-in; it also needs the CSRF token from GET /api/auth/csrf',
          }
        : {
            method: 'POST',
            path: '/api/auth/login',
            tokenFrom: 'json:token',
            usernameField: 'email',
            why: 'Next.js route handlers have no standard login route; this is the common app/api/auth/login/route.ts',
          },
  },
  {
    id: 'fastify',
    name: 'Fastify',
    detect: npmDep('fastify'),
    login: () => ({ method: 'POST', path: '/login', tokenFrom: 'json:token', usernameField: 'email', why: 'the @fastify/jwt examples sign in at POST /login' }),
    servedOpenApi: (s) => (s.npm.has('@fastify/swagger') ? '/documentation/json' : undefined),
  },
  {
    id: 'express',
    name: 'Express',
    detect: npmDep('express'),
    login: () => ({ method: 'POST', path: '/api/auth/login', tokenFrom: 'json:token', usernameField: 'email', why: 'a common Express layout; Express itself has no login route' }),
  },
  {
    id: 'django',
    name: 'Django',
    detect: pyDep('django'),
    login: (s) =>
      /djangorestframework[-_]simplejwt/.test(s.python)
        ? { method: 'POST', path: '/api/token/', tokenFrom: 'json:access', usernameField: 'username', why: 'Simple JWT\'s TokenObtainPairView, mounted at /api/token/ in its docs' }
        : {
            method: 'POST',
            path: '/accounts/login/',
            tokenFrom: 'cookie:sessionid',
            usernameField: 'username',
            why: 'django.contrib.auth.urls; a form post that also needs the csrftoken cookie',
          },
    servedOpenApi: (s) => (/drf[-_]spectacular/.test(s.python) ? '/api/schema/' : undefined),
  },
  {
    id: 'fastapi',
    name: 'FastAPI',
    detect: pyDep('fastapi'),
    login: () => ({ method: 'POST', path: '/token', tokenFrom: 'json:access_token', usernameField: 'username', why: 'the FastAPI security tutorial\'s OAuth2 password flow at POST /token (form-encoded)' }),
    servedOpenApi: () => '/openapi.json',
  },
  {
    id: 'flask',
    name: 'Flask',
    detect: pyDep('flask'),
    login: (s) =>
      /flask[-_]jwt[-_]extended/.test(s.python)
        ? { method: 'POST', path: '/login', tokenFrom: 'json:access_token', usernameField: 'username', why: 'the Flask-JWT-Extended examples sign in at POST /login' }
        : { method: 'POST', path: '/login', tokenFrom: 'cookie:session', usernameField: 'username', why: 'Flask-Login apps usually post their login form to /login' },
  },
  {
    id: 'rails',
    name: 'Ruby on Rails',
    detect: (s) => (/^\s*gem\s+['"]rails['"]/m.test(s.gemfile) ? 'the Gemfile lists rails' : undefined),
    login: (s) =>
      /^\s*gem\s+['"]devise['"]/m.test(s.gemfile)
        ? { method: 'POST', path: '/users/sign_in', tokenFrom: 'cookie:_session_id', usernameField: 'user[email]', why: 'Devise\'s session route; a form post with the authenticity_token from the page' }
        : { method: 'POST', path: '/login', tokenFrom: 'cookie:_session_id', usernameField: 'email', why: 'the Rails authentication generator\'s session route' },
  },
  {
    id: 'laravel',
    name: 'Laravel',
    detect: (s) => (s.composer.has('laravel/framework') ? 'composer.json requires laravel/framework' : undefined),
    login: (s) =>
      s.composer.has('laravel/sanctum')
        ? { method: 'POST', path: '/api/login', tokenFrom: 'json:token', usernameField: 'email', why: 'Sanctum API tokens are usually issued by POST /api/login' }
        : { method: 'POST', path: '/login', tokenFrom: 'cookie:laravel_session', usernameField: 'email', why: 'Laravel Breeze\'s login route; it needs the XSRF-TOKEN cookie sent back' },
  },
];

export interface DetectedFramework {
  framework: Framework;
  evidence: string;
}

export function detectFramework(s: FrameworkSignals): DetectedFramework | undefined {
  for (const framework of FRAMEWORKS) {
    const evidence = framework.detect(s);
    if (evidence) return { framework, evidence };
  }
  return undefined;
}
