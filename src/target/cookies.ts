// A minimal cookie jar for one session against one origin: what the login
// (and the CSRF page before it) set, sent back as one Cookie header. Path,
// domain and expiry attributes are not tracked: every cookie is for the
// audited API, and a cookie the app deletes (Max-Age=0, an expiry in the
// past, an empty value) leaves the jar.

export type CookieJar = Map<string, string>;

/** Name and value of one Set-Cookie line, and whether it deletes the cookie. */
export function parseSetCookie(line: string): { name: string; value: string; deleted: boolean } | undefined {
  const [pair = '', ...attrs] = line.split(';');
  const i = pair.indexOf('=');
  if (i <= 0) return undefined;
  const name = pair.slice(0, i).trim();
  const value = pair.slice(i + 1).trim();
  const attr = (n: string) => attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith(`${n}=`))?.slice(n.length + 1);
  const maxAge = attr('max-age');
  const expires = attr('expires');
  const deleted = value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) < Date.now());
  return { name, value, deleted };
}

export function storeCookies(jar: CookieJar, setCookie: readonly string[]): void {
  for (const line of setCookie) {
    const c = parseSetCookie(line);
    if (!c) continue;
    if (c.deleted) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
}

export const cookieHeader = (jar: CookieJar): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** The value of one cookie set in these lines (a login answer), or undefined. */
export function cookieFrom(setCookie: readonly string[], name: string): string | undefined {
  for (const line of setCookie) {
    const c = parseSetCookie(line);
    if (c && c.name === name && !c.deleted) return c.value;
  }
  return undefined;
}
