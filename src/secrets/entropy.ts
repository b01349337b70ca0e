// Shannon entropy in bits per character: random keys score high (hex ≈ 4,
// base62 ≈ 5.9 at length), words and repeated characters low.

// Reused counts for the ASCII case (nearly every candidate value): a Map per
// call showed up in profiles, since the generic rule scores a value on most
// assignment lines of ordinary code.
const asciiCounts = new Uint32Array(128);

export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 128) return entropyOfCodePoints(s);
  }
  asciiCounts.fill(0);
  for (let i = 0; i < s.length; i++) asciiCounts[s.charCodeAt(i)]!++;
  let h = 0;
  for (let c = 0; c < 128; c++) {
    const n = asciiCounts[c]!;
    if (n === 0) continue;
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function entropyOfCodePoints(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
