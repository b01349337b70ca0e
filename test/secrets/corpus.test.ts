import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/secrets/engine.js';
import { SECRET_RULES } from '../../src/secrets/rules/index.js';
import { buildCorpus, type CorpusCase } from './corpus.js';

const engine = new SecretEngine();
const corpus = buildCorpus();

describe('labelled secret corpus', () => {
  it('has cases for every rule, both ways', () => {
    for (const rule of SECRET_RULES) {
      const entry = corpus[rule.id];
      expect(entry, `corpus entry for ${rule.id}`).toBeDefined();
      expect(entry!.found.length, rule.id).toBeGreaterThan(0);
      expect(entry!.notFound.length, rule.id).toBeGreaterThan(0);
    }
    expect(Object.keys(corpus).sort()).toEqual(SECRET_RULES.map((r) => r.id).sort());
  });

  for (const [ruleId, entry] of Object.entries(corpus)) {
    it(`${ruleId}: finds every positive and nothing in the look-alikes`, () => {
      const at = (c: CorpusCase): [string, string] => (typeof c === 'string' ? [c, entry.path ?? 'src/config.ts'] : [c.text, c.path]);
      entry.found.forEach((c, i) => {
        const ids = engine.scan(...at(c)).map((m) => m.ruleId);
        expect(ids, `positive #${i} of ${ruleId}`).toContain(ruleId);
      });
      entry.notFound.forEach((c, i) => {
        const found = engine.scan(...at(c)).map((m) => `${m.ruleId} ${m.masked}`);
        expect(found, `look-alike #${i} of ${ruleId}`).toEqual([]);
      });
    });
  }
});
