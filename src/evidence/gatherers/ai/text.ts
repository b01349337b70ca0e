// Text normalisation shared by the AI judges. A reply is compared the way a
// reader sees it: Unicode compatibility forms folded (NFKC: full-width
// letters, ligatures), invisible characters removed (zero-width, bidi
// controls, soft hyphens, Unicode tag characters), common Cyrillic and Greek
// look-alikes mapped to the Latin letters they imitate, and case folded.
// Without this a model that writes the canary in look-alike letters, or with
// a zero-width space inside it, would slip past an exact string match.

// Soft hyphen, Mongolian vowel separator, zero-width space/non-joiner/joiner,
// LRM/RLM, bidi embeddings and isolates, word joiner and invisible operators,
// BOM, and the tag block U+E0000–U+E007F (written as surrogate pairs).
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

/**
 * Look-alikes from Unicode's confusables list (confusablesSummary.txt) that
 * NFKC keeps apart from Latin: the Cyrillic and Greek capitals and
 * lower-case letters that render like ASCII letters in common fonts.
 */
const CONFUSABLES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ј: 'J', Ѕ: 'S',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ο: 'o', ν: 'v', ι: 'i', κ: 'k', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

/** Removes invisible characters only (positions of visible text shift, so use it on whole strings). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Folds look-alike letters to Latin, keeping every other character (and so every position). */
export function foldConfusables(text: string): string {
  return text.replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c);
}

/** The form every judge compares: NFKC, invisibles removed, look-alikes folded, lower case. */
export function normalise(text: string): string {
  return foldConfusables(stripInvisible(text.normalize('NFKC'))).toLowerCase();
}

/** Words (letters and digits) with where each starts and ends in `text`, compared in their normalised form. */
export function words(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    out.push({ word: normalise(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Case-insensitive occurrences of `needle` standing as a value: not inside a longer word or number. */
export function containsAsValue(haystack: string, needle: string): boolean {
  const h = normalise(haystack);
  const n = normalise(needle);
  if (!n) return false;
  for (let i = h.indexOf(n); i !== -1; i = h.indexOf(n, i + 1)) {
    const before = i > 0 ? h[i - 1]! : '';
    const after = h[i + n.length] ?? '';
    if (!isWordChar(before, n[0]!) && !isWordChar(after, n.at(-1)!)) return true;
  }
  return false;
}

/** A neighbouring character extends the value only if both are word characters (so "a.b" ends at the dot). */
function isWordChar(neighbour: string, edge: string): boolean {
  const w = /[\p{L}\p{N}_]/u;
  return neighbour !== '' && w.test(neighbour) && w.test(edge);
}

/** At most `max` characters around `at` (or the start), on word boundaries where possible. */
export function excerptAround(text: string, at: number, max = 300): string {
  if (text.length <= max) return text;
  const start = Math.max(0, Math.min(at - Math.floor(max / 3), text.length - max));
  const cut = text.slice(start, start + max);
  return `${start > 0 ? '…' : ''}${cut}${start + max < text.length ? '…' : ''}`;
}
