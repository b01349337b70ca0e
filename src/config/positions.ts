// Maps a config path back to the source, so errors point at the key the user
// wrote. JSON goes through the same YAML parser, so both formats get positions.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { ConfigPath } from './errors.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * The position of the deepest part of `p` present in the source: the key's own
 * node for a mapping entry, the item for a list entry. A key that is missing
 * therefore points at its parent's key, where it would have to be added.
 */
export function locate(doc: Document, lc: LineCounter, p: ConfigPath): Position {
  const at = (node: unknown): Position | undefined => {
    const range = (node as { range?: readonly number[] } | null)?.range;
    if (!range || range[0] === undefined) return undefined;
    const { line, col } = lc.linePos(range[0]);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };

  let node: unknown = doc.contents;
  let pos = at(node) ?? { line: 1, column: 1 };
  for (const seg of p) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((it) => String(isScalar(it.key) ? it.key.value : it.key) === String(seg));
      if (!pair) break;
      pos = at(pair.key) ?? pos;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      pos = at(item) ?? pos;
      node = item;
    } else {
      break;
    }
  }
  return pos;
}
