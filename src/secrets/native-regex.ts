// Running a rule's RE2 pattern on V8's own RegExp, for rules that opt in with
// `backtrackSafe`. V8's engine is ~50× faster than re2js on the windows the
// engine feeds it, but it backtracks, and a pattern such as `(a+)+b` or even
// `[\w.-]*x` could take super-linear time on a hostile 5 MB minified line.
// So a pattern is accepted only when its shape bounds the work per start
// position by a constant, and the translation refuses anything else rather
// than guessing:
//
//   - every quantifier is bounded ({n}, {n,m} or ?): no *, +, {n,}, so one
//     attempt reads at most the sum of the bounds (a few hundred characters);
//   - a group may only be made optional (?), and never one holding an
//     alternation, so alternatives are never retried once per repetition;
//   - no backreferences or lookarounds.
//
// Each attempt then explores a bounded number of paths, and a scan of a window
// of n characters costs at most n × that bound: linear in the input.
//
// The translation keeps RE2's meaning: `(?P<name>` becomes `(?<name>`, a
// leading `(?i)` becomes the i flag, and `\s` becomes RE2's ASCII set
// [\t\n\f\r ] (JavaScript's also holds \v and Unicode spaces). `\b`, `\w` and
// `\d` are ASCII in both without the u flag. One difference remains and is
// accepted: under (?i) RE2 also folds the Kelvin sign and long s onto k and s;
// the keyword pass is ASCII-only, so such text was never going to reach the
// regex anyway.

const RE2_SPACE = String.raw`\t\n\f\r `;

export function toBacktrackSafeRegExp(pattern: string, ruleId: string): RegExp {
  const fail = (why: string): never => {
    throw new Error(`rule ${ruleId}: regex is marked backtrackSafe but ${why}`);
  };
  let src = pattern;
  let flags = 'gd';
  if (src.startsWith('(?i)')) {
    src = src.slice(4);
    flags += 'i';
  }
  let out = '';
  let inClass = false;
  // One entry per open group: whether it holds a top-level '|'.
  const groups: boolean[] = [];
  let lastWasGroupEnd = false;
  let lastGroupHadAlternation = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    const groupEnded = lastWasGroupEnd;
    lastWasGroupEnd = false;
    if (ch === '\\') {
      const next = src[i + 1] ?? fail('it ends with a lone backslash');
      i++;
      if (/[1-9k]/.test(next)) fail('it uses a backreference');
      if (next === 's') out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
      else if (next === 'S') out += inClass ? fail('it uses \\S inside a class') : `[^${RE2_SPACE}]`;
      else if (/[pPQEzAC]/.test(next)) fail(`it uses \\${next}, which has no exact JavaScript equivalent`);
      else out += '\\' + next;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        // A ']' right after '[' or '[^' is a literal in RE2.
        out += ch;
        if (src[i + 1] === '^') out += src[++i];
        if (src[i + 1] === ']') out += '\\' + src[++i];
        break;
      case '(':
        if (src.startsWith('(?P<', i)) {
          out += '(?<';
          i += 3;
        } else if (src.startsWith('(?:', i)) {
          out += '(?:';
          i += 2;
        } else if (src[i + 1] === '?') fail('it uses a lookaround or inline flags');
        else out += '(';
        groups.push(false);
        break;
      case ')': {
        const hadAlternation = groups.pop() ?? fail('its parentheses do not balance');
        // An alternation nested anywhere inside counts for the enclosing groups too.
        if (hadAlternation && groups.length > 0) groups[groups.length - 1] = true;
        out += ch;
        lastWasGroupEnd = true;
        lastGroupHadAlternation = hadAlternation;
        break;
      }
      case '|':
        if (groups.length > 0) groups[groups.length - 1] = true;
        out += ch;
        break;
      case '*':
      case '+':
        fail(`it uses the unbounded quantifier ${ch}`);
        break;
      case '{': {
        const m = /^\{(\d+)(,(\d+)?)?\}/.exec(src.slice(i));
        if (!m) fail('it has a malformed {…} quantifier');
        if (m![2] !== undefined && m![3] === undefined) fail('it uses an unbounded {n,} quantifier');
        if (groupEnded) fail('it repeats a group');
        out += m![0];
        i += m![0].length - 1;
        break;
      }
      case '?':
        if (groupEnded && lastGroupHadAlternation) fail('it makes an alternation optional');
        out += ch;
        break;
      default:
        out += ch;
    }
  }
  if (inClass || groups.length > 0) fail('its brackets do not balance');
  return new RegExp(out, flags);
}
