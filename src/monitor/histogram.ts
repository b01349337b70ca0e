// A mergeable, log-bucketed latency histogram (the DDSketch mapping, written
// here because it is ~80 lines and the npm ports carry protobuf and
// dense-store machinery we do not need). Bucket i holds values in
// (γ^(i-1), γ^i] with γ = (1+α)/(1-α), and reports 2γ^i/(γ+1) for them, so a
// reported quantile is within RELATIVE_ERROR (α = 1%) of the true
// nearest-rank sample. Merging adds counts bucket by bucket, which is exact:
// p95 over a week of per-minute rollups equals the p95 of one sketch fed every
// sample, with no averaging of averages.

export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LN_GAMMA = Math.log(GAMMA);
/** Values at or below this (ms) share the zero bucket: a microsecond is no latency. */
const MIN_VALUE = 1e-3;

export class Histogram {
  /** bucket index → count; index -Infinity is kept apart as `zeros`. */
  readonly buckets = new Map<number, number>();
  zeros = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number, n = 1): void {
    if (!Number.isFinite(value) || n <= 0) return;
    this.count += n;
    this.sum += value * n;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= MIN_VALUE) {
      this.zeros += n;
      return;
    }
    const i = Math.ceil(Math.log(value) / LN_GAMMA);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
  }

  merge(other: Histogram): this {
    if (other.count === 0) return this;
    for (const [i, c] of other.buckets) this.buckets.set(i, (this.buckets.get(i) ?? 0) + c);
    this.zeros += other.zeros;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /** Nearest-rank quantile (q in [0,1]); undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = this.zeros;
    if (seen >= rank) return 0;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i) ?? 0;
      if (seen >= rank) {
        // Clamp to the observed range: the true sample lies inside it.
        const v = (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);
        return Math.min(Math.max(v, this.min), this.max);
      }
    }
    return this.max;
  }

  /** Compact binary form: header, then (delta index, count) varint pairs. A minute of 6 samples is ~20 bytes. */
  encode(): Buffer {
    const out: number[] = [];
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    writeVarint(out, this.zeros);
    writeVarint(out, keys.length);
    let prev = 0;
    keys.forEach((k, j) => {
      writeVarint(out, zigzag(j === 0 ? k : k - prev));
      writeVarint(out, this.buckets.get(k) ?? 0);
      prev = k;
    });
    const head = Buffer.alloc(24);
    head.writeDoubleLE(this.sum, 0);
    head.writeDoubleLE(this.count ? this.min : 0, 8);
    head.writeDoubleLE(this.count ? this.max : 0, 16);
    return Buffer.concat([head, Buffer.from(out)]);
  }

  static decode(buf: Uint8Array): Histogram {
    const h = new Histogram();
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (b.length < 24) return h;
    const pos = { at: 24 };
    h.zeros = readVarint(b, pos);
    const n = readVarint(b, pos);
    let k = 0;
    for (let j = 0; j < n; j++) {
      const d = unzigzag(readVarint(b, pos));
      k = j === 0 ? d : k + d;
      const c = readVarint(b, pos);
      h.buckets.set(k, c);
      h.count += c;
    }
    h.count += h.zeros;
    h.sum = b.readDoubleLE(0);
    h.min = h.count ? b.readDoubleLE(8) : Infinity;
    h.max = h.count ? b.readDoubleLE(16) : -Infinity;
    return h;
  }
}

/** The exact nearest-rank quantile of raw samples: what the histogram approximates. */
export function exactQuantile(samples: readonly number[], q: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

function writeVarint(out: number[], n: number): void {
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function readVarint(b: Buffer, pos: { at: number }): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    const byte = b[pos.at++];
    if (byte === undefined) return v;
    v += (byte & 0x7f) * mul;
    if (byte < 0x80) return v;
    mul *= 0x80;
  }
}
