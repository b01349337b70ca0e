// Guesses about an app's domains from its URLs, shared by `launchready init`
// (which drafts domains:) and the audit (which checks the mail records of the
// app URL's domain when domains.mail and domains.apex are not set). Without
// the Public Suffix List these are guesses, and both say so.

/** Hosts a public DNS/TLS check makes sense for: not localhost, not an IP address. */
export function publicHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const h = new URL(url).hostname;
    if (h === 'localhost' || h.endsWith('.localhost') || /^[\d.]+$/.test(h) || h.includes(':')) return undefined;
    return h;
  } catch {
    return undefined;
  }
}

/** localhost, 127.0.0.0/8 or ::1: an instance on the developer's own machine. */
export function isLoopback(url: string): boolean {
  try {
    const h = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1';
  } catch {
    return false;
  }
}

/** Two-letter second-level labels under a country code (example.co.uk): a guess without the Public Suffix List. */
const CC_SLD = new Set(['co', 'com', 'net', 'org', 'ac', 'gov', 'edu']);

/**
 * The registrable domain of an app's hosts, guessed: the longest suffix all
 * hosts share, else the host's last two labels (three under co.uk-style
 * suffixes). Without the Public Suffix List this can be wrong; the draft says so.
 */
export function apexOf(host: string, hosts: readonly string[]): string {
  const labels = host.split('.');
  const minimal = labels.length > 2 && CC_SLD.has(labels.at(-2)!) && labels.at(-1)!.length === 2 ? 3 : 2;
  let shared = labels.length;
  for (const other of new Set(hosts)) {
    const o = other.split('.');
    let n = 0;
    while (n < Math.min(o.length, labels.length) && o[o.length - 1 - n] === labels[labels.length - 1 - n]) n++;
    shared = Math.min(shared, n);
  }
  const take = hosts.length > 1 && new Set(hosts).size > 1 && shared >= minimal ? shared : minimal;
  return labels.slice(-Math.min(take, labels.length)).join('.');
}

