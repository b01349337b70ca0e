// How the stand-in model (and the hardened input guard) read text the way a
// capable LLM does: through Unicode tricks (full-width forms, zero-width
// characters, Cyrillic look-alikes) and simple encodings (base64, text
// written right-to-left). Each decoding is returned as its own passage, so
// an instruction is acted on only where it reads as one whole sentence.

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;
const CONFUSABLES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ј: 'J', Ѕ: 'S',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X', ο: 'o', ν: 'v', ι: 'i',
};

/** The text as it reads: compatibility forms folded, invisibles dropped, look-alikes made Latin. Case is kept. */
export function plain(text: string): string {
  return [...text.normalize('NFKC').replace(INVISIBLE, '')].map((c) => CONFUSABLES[c] ?? c).join('');
}

/** The passages a reader takes from a text: the text itself and what its encodings say. */
export function passages(text: string): string[] {
  const p = plain(text);
  const out = [p];
  for (const m of p.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    const decoded = Buffer.from(m[0], 'base64').toString('utf8');
    // Only decodings that are readable text: most words of 16+ letters are not base64 of anything.
    if (decoded.length >= 8 && /^[\x20-\x7E\n]+$/.test(decoded) && /\s/.test(decoded)) out.push(plain(decoded));
  }
  if (/right[- ]to[- ]left|from the end|mirror/i.test(p)) out.push([...p].reverse().join(''));
  return out;
}

/** Codes as the red team writes them: 8 upper-case letters and digits, with at least one of each. */
export function codes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9])[A-Z0-9]{8,32}(?![A-Za-z0-9])/g)) {
    if (/\d/.test(m[0]) && /[A-Z]/.test(m[0]) && !out.includes(m[0])) out.push(m[0]);
  }
  return out;
}

/** Asks for things to be put together, in the languages the demo model "speaks". */
export const JOIN =
  /\b(join(ed|ing)?|together|followed by|concatenat\w*|combin\w*|glue\w*|one word|coll(ant|és?|er)|suivi de|sans espace|juntos|unid[oa]s|seguido de|sin espacio|zusammen\w*|gefolgt von|ohne Leerzeichen)\b/i;
/** Asks for the result spelled in reverse. */
export const REVERSE = /\b(backwards?|in reverse|reversed|à l'envers|al revés|rückwärts)\b/i;
