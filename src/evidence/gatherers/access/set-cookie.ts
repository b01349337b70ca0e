// A Set-Cookie parser for judging a cookie's attributes. No cookie library is
// a dependency (express's `cookie` is transitive only, and it parses Cookie
// request headers, not Set-Cookie), and the syntax is simple (RFC 6265 §5.2):
// "name=value" then ";"-separated attributes, whose names are
// case-insensitive and of which only the last of each name counts.

export interface SetCookie {
  name: string;
  value: string;
  /** Lower-case attribute name → value ("" for flags such as Secure and HttpOnly). */
  attributes: Map<string, string>;
}

export function parseSetCookie(line: string): SetCookie | undefined {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  // A cookie without "=" (or with an empty name) is ignored by browsers.
  if (eq <= 0) return undefined;
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const i = part.indexOf('=');
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    if (key) attributes.set(key, i < 0 ? '' : part.slice(i + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** A Set-Cookie that deletes the cookie (empty value, Max-Age ≤ 0 or an Expires in the past), as logout answers send. */
export function deletesCookie(c: SetCookie, now = Date.now()): boolean {
  if (c.value === '' || c.value === '""') return true;
  const maxAge = c.attributes.get('max-age');
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0;
  const expires = c.attributes.get('expires');
  const t = expires === undefined ? NaN : Date.parse(expires);
  return !Number.isNaN(t) && t <= now;
}

/** SameSite as a browser reads it: Strict, Lax or None; anything else (or nothing) is null. */
export function sameSiteOf(c: SetCookie): 'Strict' | 'Lax' | 'None' | null {
  const v = c.attributes.get('samesite')?.toLowerCase();
  return v === 'strict' ? 'Strict' : v === 'lax' ? 'Lax' : v === 'none' ? 'None' : null;
}
