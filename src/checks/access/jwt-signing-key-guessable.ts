// An HMAC-signed JWT is only as secret as its key. When a role's token is an
// HS256/384/512 JWT, candidate keys (common defaults, the app's name, every
// secret the repository scan found) are tried offline against its signature;
// a key that verifies it is the signing key. A token forged with it (another
// role's identity, or a raised role) that the API accepts, twice with two
// different forgeries, is critical: anyone who guesses or reads the key
// signs in as anyone.
import { NO_SHARED_KEY } from '../../evidence/gatherers/access/jwt-keys.js';
import { defineCheck } from '../types.js';
import { judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'jwt-signing-key-guessable',
    stage: 2,
    title: 'JWTs are signed with a key nobody can guess',
    failureTitle: 'JWTs are signed with a guessable or leaked key',
    severity: 'critical',
    minimumBar: 'Authentication is enforced on every route that is not meant to be public.',
    owasp: 'API2:2023 Broken Authentication',
    remediation:
      'Generate the signing key at random (at least 32 bytes, e.g. `openssl rand -base64 48`), keep it only in the production secret store (never in the repository, a .env that is committed, or a default in code), rotate it now (which signs everyone out), and prefer an asymmetric algorithm (RS256/EdDSA) when several services verify tokens.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    const skipped = accessProbes.skipped.filter((s) => s.family === 'weak-jwt-key');
    if (skipped.length && skipped.every((s) => s.reason.endsWith(NO_SHARED_KEY)) && !accessProbes.trials.some((t) => t.family === 'weak-jwt-key')) {
      return { status: 'not-applicable', reason: skipped[0]!.reason };
    }
    const outcome = judge(accessProbes, {
      families: ['weak-jwt-key'],
      needsAllRoles: false,
      passNote: 'candidate keys were tried against the token signature and none verified it',
      verdict: (t) => (t.facts.keyFound === true ? 'vulnerable' : t.facts.keyFound === false ? 'safe' : 'inconclusive'),
      groupKey: () => 'key',
      finding: (g) => {
        const t = g[0]!;
        const f = t.facts;
        const forged = f.accepted === true && f.confirmAccepted === true;
        const as = t.victim ? `as ${t.victim}` : 'with a raised role';
        return {
          title: forged ? `A token forged with the guessable signing key is accepted (${f.alg}, key from ${f.keySource})` : `The ${f.alg} signing key is guessable (key from ${f.keySource})`,
          severity: forged ? 'critical' : 'high',
          detail: `The signature of ${t.attacker}'s token verifies with ${f.key}, ${KIND_WORDS[String(f.keyKind)]?.(String(f.keySource)) ?? 'a key from the short list of common defaults'}. ${
            forged
              ? `A token signed with it ${as} was accepted by ${t.target}, and so was a second, different forgery: anyone who guesses or reads this key signs in as anyone.`
              : f.accepted === null
                ? 'No "who am I" operation was found to show the API accepting a forged token, but the key is the one that signs real tokens.'
                : `A token forged with it ${as} was refused here (${f.status}), so something else is checked too; the key is still the one that signs real tokens.`
          }`,
          evidence: stepsEvidence(t),
          reproduction: reproduce(t),
          location: { url: url(t) },
          identity: ['jwt-key', String(f.keyFingerprint)],
        };
      },
    });
    // The pass reason counts keys, not trials: one sweep tries every candidate.
    if (outcome.status !== 'pass') return outcome;
    const swept = accessProbes.trials.find((t) => t.family === 'weak-jwt-key' && !t.skipped && t.facts.keyFound === false);
    if (!swept) return outcome;
    const lists = Number(swept.facts.listCandidates ?? 0);
    return { ...outcome, reason: `${swept.facts.candidates} candidate keys${lists ? ` (${lists} from auth.jwtKeyLists)` : ''} were tried offline against the ${swept.facts.alg} token signature and none verified it` };
  },
});

const KIND_WORDS: Record<string, (source: string) => string> = {
  repository: (source) => `a secret found in the repository (${source})`,
  code: (source) => `a key the code assigns to a signing-key setting (${source}); short or plain keys like it are missed by secret scanners but not by anyone reading the repository`,
  'app-name': () => "the app's own name",
  list: (source) => `a key from a public list of JWT secrets (${source})`,
};
