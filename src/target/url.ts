// The one place a path becomes a URL. Sessions, access probes, account flows
// and unauthenticated probes all call apiUrlFor, so a base path (OpenAPI 3
// `servers`, Swagger 2 `basePath`, or a path in the configured apiUrl) is
// applied the same way for every request the tool sends.

/** The API root's path: the apiUrl's own path plus the document's base path, unless the first already ends with it. '' for the origin root. */
export function apiRoot(apiUrl: string, basePath: string): string {
  const mount = trim(pathOf(apiUrl));
  const base = trim(basePath);
  if (!base || mount === base || mount.endsWith(base)) return mount;
  if (base.startsWith(`${mount}/`)) return base;
  return mount + base;
}

/**
 * The URL of `path` on the API: `path` is an operation path or a configured
 * endpoint such as auth.login.path. A path already under the API root is
 * taken as is (operations carry the base path; users may write it too);
 * any other path is joined to the root. An absolute http(s) URL passes
 * through (an endpoint outside the API root, e.g. a web login page).
 *
 * apiUrlFor('http://h:1', '/api', '/articles') → 'http://h:1/api/articles'
 * apiUrlFor('http://h:1/api', '/api', '/api/articles') → 'http://h:1/api/articles'
 */
export function apiUrlFor(apiUrl: string, basePath: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const origin = originOfUrl(apiUrl);
  const root = apiRoot(apiUrl, basePath);
  const p = path.startsWith('/') ? path : `/${path}`;
  const pathOnly = p.split('?')[0] ?? p;
  if (root && (pathOnly === root || pathOnly.startsWith(`${root}/`))) return origin + p;
  return origin + root + p;
}

/** The path of an operation as the API's own document writes it: without the base path. */
export function withoutBase(path: string, basePath: string): string {
  const base = trim(basePath);
  if (!base) return path;
  return path === base ? '/' : path.startsWith(`${base}/`) ? path.slice(base.length) : path;
}

/**
 * The base path a server URL names: OpenAPI 3 `servers[].url` may be
 * absolute (https://api.example.com/v1), relative (/api) or templated
 * ({scheme}://{host}/{basePath}, filled from the variables' defaults).
 */
export function basePathOfServer(url: string, variables: Record<string, string> = {}): string {
  const filled = url.replace(/\{([^}]+)\}/g, (_m, name: string) => variables[name] ?? '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filled)) return trim(pathOf(filled));
  const rel = filled.startsWith('//') ? filled.replace(/^\/\/[^/]*/, '') : filled;
  return trim(rel.split(/[?#]/)[0] ?? '');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

function originOfUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

/** '' for '/', no trailing slash, always a leading one. */
function trim(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (!t) return '';
  return t.startsWith('/') ? t : `/${t}`;
}
