// The keyword pass: one sweep over a chunk finds every rule keyword, case
// insensitively, and decides which rules run where.
//
// Hand-rolled rather than modern-ahocorasick: that library needs a lower-cased
// copy of the whole chunk and ran at ~33 MB/s on source code, which alone used
// most of the scan budget. Here a rolling hash of each 3-character window
// (folded to lower case on the fly, no copy) indexes a bitmap built from the
// keywords' first three characters; only the few windows whose bit is set are
// compared against the keywords in that bucket. That is ~200 MB/s on the same
// code, and linear: each position costs one hash plus the (small, fixed)
// bucket's comparisons.

const HASH_BITS = 15;
const HASH_MASK = (1 << HASH_BITS) - 1;
export const MIN_KEYWORD_LENGTH = 3;

/** ASCII lower case; other code units unchanged (keywords are ASCII, so these never match). */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/**
 * The hash folds case by setting bit 5 (0x20) of every code unit, with no
 * test: cheaper than fold() per character (about a fifth of the pass), and
 * every true match still lands in its keyword's bucket (an upper-case letter
 * gains the bit, a lower-case keyword character already has it). Other
 * characters collide more (`_` with DEL, CR with `-`); matchesAt() compares
 * exactly, so a collision costs a comparison, never a wrong hit.
 */
function hash3(a: number, b: number, c: number): number {
  return ((a | 32) * 961 + (b | 32) * 31 + (c | 32)) & HASH_MASK;
}

export class KeywordIndex {
  private readonly bits = new Uint8Array(HASH_MASK + 1);
  /** Hash → indexes into `keywords` of the keywords starting with those three characters. */
  private readonly buckets = new Map<number, number[]>();

  /** `keywords`: lower-case ASCII, at least three characters (shorter ones would fire on nearly every line). */
  constructor(private readonly keywords: readonly string[]) {
    keywords.forEach((k, i) => {
      if (k.length < MIN_KEYWORD_LENGTH || !/^[\x20-\x7e]+$/.test(k) || k !== k.toLowerCase()) {
        throw new Error(`secret rule keyword ${JSON.stringify(k)} must be lower-case printable ASCII of at least ${MIN_KEYWORD_LENGTH} characters`);
      }
      const h = hash3(k.charCodeAt(0), k.charCodeAt(1), k.charCodeAt(2));
      this.bits[h] = 1;
      const b = this.buckets.get(h);
      if (b) b.push(i);
      else this.buckets.set(h, [i]);
    });
  }

  /** Calls onHit(keyword index, start) for every occurrence, in order of start. */
  scan(text: string, onHit: (keyword: number, start: number) => void): void {
    const n = text.length;
    if (n < MIN_KEYWORD_LENGTH) return;
    const bits = this.bits;
    // Case folded by bit 5, as in hash3.
    let a = text.charCodeAt(0) | 32;
    let b = text.charCodeAt(1) | 32;
    for (let i = 0; i + 2 < n; i++) {
      const c = text.charCodeAt(i + 2) | 32;
      const h = (a * 961 + b * 31 + c) & HASH_MASK;
      if (bits[h] === 1) {
        for (const k of this.buckets.get(h)!) {
          if (this.matchesAt(text, i, this.keywords[k]!)) onHit(k, i);
        }
      }
      a = b;
      b = c;
    }
  }

  private matchesAt(text: string, at: number, keyword: string): boolean {
    if (at + keyword.length > text.length) return false;
    for (let j = 0; j < keyword.length; j++) {
      if (fold(text.charCodeAt(at + j)) !== keyword.charCodeAt(j)) return false;
    }
    return true;
  }
}
