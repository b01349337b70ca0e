// Archives and compressed files (zip, jar, docx, tar, tar.gz, gz): a key
// inside backup.tar.gz is committed just the same as one in a text file, so
// the tree scan opens them and scans what they hold, as `archive!/inner/path`.
//
// Archives are hostile input: a zip bomb inflates a few kilobytes into
// gigabytes, and archives nest. Every expansion is bounded: nesting depth,
// entries per archive, bytes per entry and in total, and the compression
// ratio an entry may claim. A bound that trips skips that part with a
// reason; it never stops the scan. Sizes are enforced on the bytes actually
// produced, not only on what the archive declares: yauzl checks each entry
// against its declared size, and gunzip is capped with maxOutputLength.
//
// Libraries: yauzl (zip; random access through the central directory, and it
// validates entry sizes), tar-stream (tar), Node's zlib (gzip).
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import yauzl from 'yauzl';

export interface ArchiveLimits {
  /** Archives inside archives: 1 means only the file itself is opened. */
  maxDepth: number;
  /** Entries read per archive. */
  maxEntries: number;
  /** Bytes of one entry once decompressed. */
  maxEntryBytes: number;
  /** Decompressed bytes read from one top-level archive, nested ones included. */
  maxTotalBytes: number;
  /** Decompressed ÷ compressed size an entry may claim (zip bombs claim thousands). */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDepth: 3,
  maxEntries: 10_000,
  maxEntryBytes: 10 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxRatio: 200,
};

export type ArchiveKind = 'zip' | 'gzip' | 'tar';

/** The kind of archive by its first bytes (not its name: a .docx is a zip, a .tgz a gzip). */
export function archiveKind(buf: Buffer): ArchiveKind | undefined {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6)) return 'zip';
  if (buf.length >= 3 && buf[0] === 0x1f && buf[1] === 0x8b && buf[2] === 8) return 'gzip';
  if (buf.length >= 262 && buf.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return undefined;
}

export interface ArchiveVisitor {
  /** A text entry to scan, at `outer!/inner` (nested archives add another `!/`). */
  text(path: string, text: string, bytes: number): void;
  /** An entry or an archive part left out, and why. */
  skip(path: string, reason: string): void;
}

const SNIFF_BYTES = 8000;

/** Opens `buf` (found at `path`) and everything it holds, within `limits`. Never throws. */
export async function expandArchive(path: string, buf: Buffer, visit: ArchiveVisitor, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<void> {
  const budget = { left: limits.maxTotalBytes };
  await expand(path, buf, 1, visit, limits, budget);
}

async function expand(path: string, buf: Buffer, depth: number, visit: ArchiveVisitor, limits: ArchiveLimits, budget: { left: number }): Promise<void> {
  const kind = archiveKind(buf);
  if (!kind) {
    if (buf.subarray(0, SNIFF_BYTES).includes(0)) visit.skip(path, 'binary');
    else visit.text(path, buf.toString('utf8'), buf.length);
    return;
  }
  if (depth > limits.maxDepth) {
    visit.skip(path, `${kind} nested deeper than ${limits.maxDepth} archives: not opened`);
    return;
  }
  const inner = (entry: string, data: Buffer): Promise<void> => expand(`${path}!/${entry}`, data, depth + 1, visit, limits, budget);
  try {
    if (kind === 'gzip') await gunzip(path, buf, inner, visit, limits, budget);
    else if (kind === 'zip') await unzip(path, buf, inner, visit, limits, budget);
    else await untar(path, buf, inner, visit, limits, budget);
  } catch (err) {
    visit.skip(path, `${kind} could not be read: ${(err as Error).message}`);
  }
}

type Inner = (entry: string, data: Buffer) => Promise<void>;

async function gunzip(path: string, buf: Buffer, inner: Inner, visit: ArchiveVisitor, limits: ArchiveLimits, budget: { left: number }): Promise<void> {
  const cap = Math.min(limits.maxEntryBytes, budget.left);
  let data: Buffer;
  try {
    // maxOutputLength stops inflating at the cap: a bomb costs at most `cap` bytes of memory.
    data = gunzipSync(buf, { maxOutputLength: cap });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      visit.skip(path, `gzip decompresses to more than ${mb(cap)}: not read`);
      return;
    }
    throw err;
  }
  budget.left -= data.length;
  const base = path.split('!/').pop()!.split('/').pop()!;
  const name = /\.tgz$/i.test(base) ? base.replace(/\.tgz$/i, '.tar') : base.replace(/\.gz$/i, '') || 'content';
  await inner(name, data);
}

function unzip(path: string, buf: Buffer, inner: Inner, visit: ArchiveVisitor, limits: ArchiveLimits, budget: { left: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      let entries = 0;
      const next = (): void => zip.readEntry();
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name.endsWith('/')) return next();
        if (++entries > limits.maxEntries) {
          visit.skip(path, `more than ${limits.maxEntries} entries: the rest not read`);
          zip.close();
          return resolve();
        }
        const size = entry.uncompressedSize;
        const ratio = size / Math.max(1, entry.compressedSize);
        const why =
          size > limits.maxEntryBytes
            ? `larger than ${mb(limits.maxEntryBytes)} once decompressed (${mb(size)})`
            : size > budget.left
              ? `the archive's ${mb(limits.maxTotalBytes)} decompression budget is spent`
              : size > 1024 * 1024 && ratio > limits.maxRatio
                ? `compression ratio ${Math.round(ratio)}:1 (a zip bomb?): not read`
                : undefined;
        if (why) {
          visit.skip(`${path}!/${name}`, why);
          return next();
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            visit.skip(`${path}!/${name}`, `unreadable (${e?.message ?? 'no stream'})`);
            return next();
          }
          collect(stream, size)
            .then(async (data) => {
              budget.left -= data.length;
              await inner(name, data);
            })
            .catch((readErr: Error) => visit.skip(`${path}!/${name}`, `unreadable (${readErr.message})`))
            .finally(next);
        });
      });
      next();
    });
  });
}

async function untar(path: string, buf: Buffer, inner: Inner, visit: ArchiveVisitor, limits: ArchiveLimits, budget: { left: number }): Promise<void> {
  const extract = tarStream.extract();
  Readable.from([buf]).pipe(extract);
  let entries = 0;
  for await (const entry of extract) {
    const h = entry.header;
    const size = h.size ?? 0;
    const name = h.name;
    const skip = (why: string): void => {
      visit.skip(`${path}!/${name}`, why);
      entry.resume();
    };
    if (h.type !== 'file' && h.type !== 'contiguous-file') {
      entry.resume();
      continue;
    }
    if (++entries > limits.maxEntries) {
      visit.skip(path, `more than ${limits.maxEntries} entries: the rest not read`);
      entry.resume();
      extract.destroy();
      break;
    }
    if (size > limits.maxEntryBytes) skip(`larger than ${mb(limits.maxEntryBytes)} (${mb(size)})`);
    else if (size > budget.left) skip(`the archive's ${mb(limits.maxTotalBytes)} decompression budget is spent`);
    else {
      const data = await collect(entry, size);
      budget.left -= data.length;
      await inner(name, data);
    }
  }
}

/** Reads a stream into one buffer, refusing more than `max` bytes. */
async function collect(stream: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > max) throw new Error(`more than the ${max} bytes it declares`);
    parts.push(chunk);
  }
  return Buffer.concat(parts, n);
}

const mb = (bytes: number): string => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`);
