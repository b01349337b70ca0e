// Ciphertext that is meant to be committed: a SealedSecret's encryptedData,
// SOPS and EJSON values, ansible-vault blocks, Rails encrypted credentials,
// age and PGP messages, dotenvx values. These hold secrets only for whoever
// has the private key (which is not in the repository), so a match inside
// one is reported as "encrypted, safe to commit" instead of as a leak.

/** Value-level formats: the matched value itself says it is ciphertext. */
const VALUE_FORMATS: [RegExp, string][] = [
  [/^ENC\[(?:AES256_GCM|PGP|KMS),/, 'SOPS'],
  [/^EJ\[\d:/, 'EJSON'],
  [/^\$ANSIBLE_VAULT;/, 'ansible-vault'],
  [/^encrypted:[A-Za-z0-9+/=]{20,}$/, 'dotenvx'],
  // Rails credentials.yml.enc / ActiveSupport::MessageEncryptor: data--iv--tag.
  [/^[A-Za-z0-9+/]{16,}={0,2}--[A-Za-z0-9+/]{16,}={0,2}--[A-Za-z0-9+/]{22}={0,2}$/, 'Rails encrypted credentials'],
];

/** The format when the value itself is ciphertext (SOPS, EJSON, ansible-vault, dotenvx, Rails). */
export function ciphertextFormat(value: string): string | undefined {
  for (const [re, name] of VALUE_FORMATS) if (re.test(value)) return name;
  return undefined;
}

/** File-level formats: the whole file (or block) is ciphertext. */
const FILE_FORMATS: [RegExp, string][] = [
  [/^\$ANSIBLE_VAULT;\d\.\d;/, 'ansible-vault'],
  [/^-----BEGIN AGE ENCRYPTED FILE-----/m, 'age'],
  [/^-----BEGIN PGP MESSAGE-----/m, 'PGP message'],
];
/** git-crypt's header: a NUL, GITCRYPT, a NUL (such files are binary, so the tree scan names them). */
export const GIT_CRYPT_MAGIC = Buffer.from('\0GITCRYPT\0', 'latin1');

export interface EncryptedContext {
  /** The format when the value at [start, end) is ciphertext; undefined when it is not. */
  formatAt(start: number, end: number, value: string): string | undefined;
}

/** Prepares what is known about one file's text; cheap when the file holds no ciphertext markers. */
export function encryptedContext(text: string, path: string): EncryptedContext {
  const whole = FILE_FORMATS.find(([re]) => re.test(text.slice(0, 4096)))?.[1] ?? (/\.(?:enc|age|gpg|asc)$/.test(path) && /credentials|secrets|master/.test(path) ? 'encrypted file' : undefined);
  const sealed = /\bkind["']?\s*:\s*["']?SealedSecret\b/.test(text) ? sealedRanges(text) : [];
  return {
    formatAt(start, end, value) {
      if (whole) return whole;
      const byValue = ciphertextFormat(value);
      if (byValue) return byValue;
      if (sealed.some(([s, e]) => start >= s && end <= e)) return 'SealedSecret encryptedData';
      return undefined;
    },
  };
}

/** Spans of `encryptedData:` blocks in a SealedSecret (YAML by indentation, JSON by braces). */
function sealedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/^([ \t]*)["']?encryptedData["']?\s*:[ \t]*(\{?)/gm)) {
    const from = m.index + m[0].length;
    if (m[2] === '{') {
      let depth = 1;
      let i = from;
      for (; i < text.length && depth > 0; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
      out.push([from, i]);
      continue;
    }
    const indent = m[1]!.length;
    let end = text.length;
    const lineRe = /\n([ \t]*)(\S)/g;
    lineRe.lastIndex = from;
    for (let l = lineRe.exec(text); l; l = lineRe.exec(text)) {
      if (l[1]!.length <= indent) {
        end = l.index;
        break;
      }
    }
    out.push([from, end]);
  }
  return out;
}
