import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../src/secrets/keywords.js';
import { toBacktrackSafeRegExp } from '../../src/secrets/native-regex.js';
import { SECRET_RULES } from '../../src/secrets/rules/index.js';
import { buildCorpus, caseText } from './corpus.js';

describe('backtrack-safe regex translation', () => {
  it.each([
    ['an unbounded star', String.raw`a[\w.-]*x`],
    ['an unbounded plus', String.raw`\d+-`],
    ['an open-ended range', String.raw`[a-z]{10,}`],
    ['a repeated group', String.raw`(?:ab){2,5}`],
    ['an optional alternation', String.raw`(?:ptb\.|canary\.)?discord`],
    ['an optional group holding a nested alternation', String.raw`(?:x(?:a|b))?y`],
    ['a lookahead', String.raw`(?=abc)abc`],
    ['a backreference', String.raw`(a)\1`],
    ['inline flags other than a leading (?i)', String.raw`a(?i)b`],
  ])('refuses %s', (_why, pattern) => {
    expect(() => toBacktrackSafeRegExp(pattern, 'test-rule')).toThrow(/backtrackSafe/);
  });

  it('keeps RE2 meaning: named group, leading (?i), ASCII \\s', () => {
    const re = toBacktrackSafeRegExp(String.raw`(?i)key=(?P<secret>[^\s]{3,10})`, 'test-rule');
    expect(re.flags).toContain('i');
    const m = re.exec('KEY=abc\u00a0def ');
    // RE2's \s does not hold a no-break space, so the value runs through it.
    expect(m?.groups?.secret).toBe('abc\u00a0def');
  });

  it('accepts every rule marked backtrackSafe and refuses the ones that are not', () => {
    for (const rule of SECRET_RULES) {
      if (rule.backtrackSafe) expect(() => toBacktrackSafeRegExp(rule.regex, rule.id), rule.id).not.toThrow();
    }
    // The PEM rule repeats an alternation: it must stay on re2js.
    const pem = SECRET_RULES.find((r) => r.id === 'private-key')!;
    expect(pem.backtrackSafe).toBeFalsy();
    expect(() => toBacktrackSafeRegExp(pem.regex, pem.id)).toThrow();
  });

  it('finds exactly what re2js finds, for every backtrack-safe rule, on the whole corpus', () => {
    const texts = Object.values(buildCorpus()).flatMap((e) => [...e.found, ...e.notFound].map(caseText));
    const all = texts.join('\n');
    for (const rule of SECRET_RULES.filter((r) => r.backtrackSafe)) {
      const re2 = RE2JS.compile(rule.regex);
      const native = toBacktrackSafeRegExp(rule.regex, rule.id);
      for (const text of [...texts, all]) {
        // The secret is the first group named secret… that took part in the match.
        const names = Object.keys(re2.namedGroups()).filter((n) => n.startsWith('secret'));
        const want: [number, string][] = [];
        const m = re2.matcher(text);
        while (m.find()) {
          const g = names.find((n) => m.group(n) !== null)!;
          want.push([m.start(g), m.group(g) ?? '']);
        }
        const got = [...text.matchAll(native)].map((n): [number, string] => {
          const g = names.find((k) => n.groups![k] !== undefined)!;
          return [n.indices!.groups![g]![0], n.groups![g] ?? ''];
        });
        expect(got, `${rule.id} on ${JSON.stringify(text.slice(0, 40))}`).toEqual(want);
      }
    }
  });
});

describe('keyword index', () => {
  it('finds every occurrence, case-insensitively, overlapping ones included', () => {
    const idx = new KeywordIndex(['key', 'accountkey=', 'sk_live_']);
    const hits: [number, number][] = [];
    idx.scan('AccountKey=x SK_LIVE_y key', (k, at) => hits.push([k, at]));
    expect(hits).toEqual([
      [1, 0],
      [0, 7],
      [2, 13],
      [0, 23],
    ]);
  });

  it('refuses keywords that would fire everywhere or never', () => {
    expect(() => new KeywordIndex(['pw'])).toThrow();
    expect(() => new KeywordIndex(['Token'])).toThrow();
  });
});
