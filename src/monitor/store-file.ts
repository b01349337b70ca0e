// What the monitor knows about its database file from outside SQLite. An open
// SQLite connection keeps working on a file that was deleted, replaced,
// made read-only or overwritten (WAL mode serves reads from its cache and the
// -wal file), so none of those faults surfaces as an error by itself: they are
// found by looking at the path, its inode and its header.
import { closeSync, constants, accessSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** The first 16 bytes of every SQLite 3 database (https://www.sqlite.org/fileformat.html#the_database_header). */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface FileInfo {
  exists: boolean;
  /** device:inode, to notice a file replaced under us. */
  identity?: string;
  size: number;
  /** The header names a SQLite 3 database (an empty file counts: SQLite creates it). */
  headerOk: boolean;
  /** Writable by this process and by its mode bits (root passes access(2) whatever the mode says). */
  writable: boolean;
  dirWritable: boolean;
  error?: string;
}

export function inspectFile(file: string): FileInfo {
  const dirWritable = canWrite(path.dirname(file));
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { exists: false, size: 0, headerOk: false, writable: false, dirWritable, error: code === 'ENOENT' ? undefined : (err as Error).message };
  }
  const identity = `${st.dev}:${st.ino}`;
  if (!st.isFile()) return { exists: true, identity, size: st.size, headerOk: false, writable: false, dirWritable, error: 'not a regular file' };
  let headerOk = st.size === 0;
  if (st.size > 0) {
    try {
      const fd = openSync(file, 'r');
      try {
        const head = Buffer.alloc(SQLITE_MAGIC.length);
        readSync(fd, head, 0, head.length, 0);
        headerOk = head.equals(SQLITE_MAGIC);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      return { exists: true, identity, size: st.size, headerOk: false, writable: false, dirWritable, error: (err as Error).message };
    }
  }
  const writable = (st.mode & 0o222) !== 0 && canWrite(file);
  return { exists: true, identity, size: st.size, headerOk, writable, dirWritable };
}

function canWrite(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return (statSync(p).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

/** SQLite result codes that mean the file (not the query) is the problem. */
const STORAGE_CODES = /^SQLITE_(CORRUPT|NOTADB|READONLY|IOERR|CANTOPEN|FULL|PROTOCOL|PERM)/;

export function isStorageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

/** A database file the monitor cannot start with: the CLI prints the message on one line and exits 2. */
export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
