// Reading a file for scanning: too large or binary files are skipped with a
// reason rather than silently.
import { open } from 'node:fs/promises';
import { GIT_CRYPT_MAGIC } from '../encrypted.js';
import { archiveKind } from './archives.js';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const SNIFF_BYTES = 8000;

export type ReadOutcome =
  | { text: string; bytes: number }
  /** An archive or compressed file, to open with expandArchive. */
  | { archive: Buffer }
  /** Ciphertext meant to be committed (git-crypt): encrypted, safe to commit. */
  | { encrypted: string }
  | { skip: string };

export async function readForScan(abs: string, maxBytes: number): Promise<ReadOutcome> {
  let fh;
  try {
    fh = await open(abs, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skip: code === 'ENOENT' ? 'listed but missing on disk' : `unreadable (${code ?? 'error'})` };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { skip: 'not a regular file' };
    if (st.size > maxBytes) return { skip: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB (${Math.round(st.size / 1024 / 1024)} MB)` };
    const buf = await fh.readFile();
    if (archiveKind(buf)) return { archive: buf };
    if (buf.subarray(0, GIT_CRYPT_MAGIC.length).equals(GIT_CRYPT_MAGIC)) return { encrypted: 'git-crypt' };
    // Git's own test: a NUL byte in the first 8000 bytes means binary.
    if (buf.subarray(0, SNIFF_BYTES).includes(0)) return { skip: 'binary' };
    return { text: buf.toString('utf8'), bytes: buf.length };
  } catch (err) {
    return { skip: `unreadable (${(err as Error).message})` };
  } finally {
    await fh.close();
  }
}
