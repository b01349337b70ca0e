// Every check the audit runs, in report order. Adding a check is one file
// plus one line here.
import unauthenticatedAccess from './access/unauthenticated-access.js';
import malformedTokenAccepted from './access/malformed-token-accepted.js';
import jwtSigningKeyGuessable from './access/jwt-signing-key-guessable.js';
import expiredSessionAccepted from './access/expired-session-accepted.js';
import sessionValidAfterLogout from './access/session-valid-after-logout.js';
import sessionValidAfterPasswordChange from './access/session-valid-after-password-change.js';
import sessionValidAfterDisable from './access/session-valid-after-disable.js';
import sessionCookieInsecure from './access/session-cookie-insecure.js';
import functionLevelAuthorizationMissing from './access/function-level-authorization-missing.js';
import objectLevelAuthorizationMissing from './access/object-level-authorization-missing.js';
import massAssignmentAccepted from './access/mass-assignment-accepted.js';
import requestValidationMissing from './abuse/request-validation-missing.js';
import rateLimitMissing from './abuse/rate-limit-missing.js';
import rateLimitBypassable from './abuse/rate-limit-bypassable.js';
import userEnumerationPossible from './access/user-enumeration-possible.js';
import resetTokenExposed from './access/reset-token-exposed.js';
import resetTokenReusable from './access/reset-token-reusable.js';
import revokedInviteAccepted from './access/revoked-invite-accepted.js';
import inviteTermsChangeable from './access/invite-terms-changeable.js';
import weakPasswordAccepted from './access/weak-password-accepted.js';
import corsReflectsAnyOrigin from './access/cors-reflects-any-origin.js';
import undocumentedMethodAnswered from './access/undocumented-method-answered.js';
import methodOverrideHonoured from './access/method-override-honoured.js';
import envFileCommitted from './deploy/env-file-committed.js';
import secretInRepository from './repo/secret-in-repository.js';
import secretInGitHistory from './repo/secret-in-git-history.js';
import secretInClientBundle from './repo/secret-in-client-bundle.js';
import corsWildcardWithCredentialsInCode from './deploy/cors-wildcard-with-credentials-in-code.js';
import debugEnabledInProduction from './deploy/debug-enabled-in-production.js';
import envExampleMissingKeys from './deploy/env-example-missing-keys.js';
import envVarInventory from './deploy/env-var-inventory.js';
import migrationNotReversible from './deploy/migration-not-reversible.js';
import noDeploymentPipeline from './deploy/no-deployment-pipeline.js';
import secretSharedBetweenEnvironments from './deploy/secret-shared-between-environments.js';
import secretsWrittenToLogs from './deploy/secrets-written-to-logs.js';
import testCredentialsInProduction from './deploy/test-credentials-in-production.js';
import tlsVerificationDisabled from './deploy/tls-verification-disabled.js';
import webhookPointsOutsideProduction from './deploy/webhook-points-outside-production.js';
import errorResponseLeaksInternals from './deploy/error-response-leaks-internals.js';
import httpNotRedirectedToHttps from './edge/http-not-redirected-to-https.js';
import missingSecurityHeaders from './edge/missing-security-headers.js';
import apiResponseCacheable from './edge/api-response-cacheable.js';
import caaForbidsIssuer from './edge/caa-forbids-issuer.js';
import cnameAtApex from './edge/cname-at-apex.js';
import danglingCname from './edge/dangling-cname.js';
import hostDoesNotResolve from './edge/host-does-not-resolve.js';
import hstsWeak from './edge/hsts-weak.js';
import legacyRedirectWrongTarget from './edge/legacy-redirect-wrong-target.js';
import mixedContent from './edge/mixed-content.js';
import originExposedBesideCdn from './edge/origin-exposed-beside-cdn.js';
import redirectChainBroken from './edge/redirect-chain-broken.js';
import tlsCertificateExpiring from './edge/tls-certificate-expiring.js';
import tlsCertificateLifetimeTooLong from './edge/tls-certificate-lifetime-too-long.js';
import tlsCertificateUntrusted from './edge/tls-certificate-untrusted.js';
import tlsHostnameMismatch from './edge/tls-hostname-mismatch.js';
import tlsLegacyProtocolOffered from './edge/tls-legacy-protocol-offered.js';
import tlsWeakKeyOrSignature from './edge/tls-weak-key-or-signature.js';
import dkimKeyTooWeak from './mail/dkim-key-too-weak.js';
import dkimSelectorMissing from './mail/dkim-selector-missing.js';
import dmarcMissing from './mail/dmarc-missing.js';
import dmarcPolicyNone from './mail/dmarc-policy-none.js';
import dmarcRecordInvalid from './mail/dmarc-record-invalid.js';
import mtaStsMissing from './mail/mta-sts-missing.js';
import mxMissing from './mail/mx-missing.js';
import spfAllowsAnySender from './mail/spf-allows-any-sender.js';
import spfMissing from './mail/spf-missing.js';
import spfRecordInvalid from './mail/spf-record-invalid.js';
import spfTooManyLookups from './mail/spf-too-many-lookups.js';
import tlsRptMissing from './mail/tls-rpt-missing.js';
import uptimeCheckMissing from './monitor/uptime-check-missing.js';
import alertRouteMissing from './monitor/alert-route-missing.js';
import logsContainSecretsOrPersonalData from './monitor/logs-contain-secrets-or-personal-data.js';
// Issue 10: liveness.
import requestCrashesServer from './abuse/request-crashes-server.js';
import auditLeftAppBroken from './abuse/audit-left-app-broken.js';
import criticalPageUnavailable from './monitor/critical-page-unavailable.js';
// AI features (issue 16)
import promptInjectionFollowed from './ai/prompt-injection-followed.js';
import indirectPromptInjectionFollowed from './ai/indirect-prompt-injection-followed.js';
import systemPromptLeaked from './ai/system-prompt-leaked.js';
import aiSensitiveInformationDisclosed from './ai/ai-sensitive-information-disclosed.js';
import aiExcessiveAgency from './ai/ai-excessive-agency.js';
import aiOutputRendersActiveContent from './ai/ai-output-renders-active-content.js';
import aiConsumptionUnbounded from './ai/ai-consumption-unbounded.js';
import logsExposePrompts from './ai/logs-expose-prompts.js';
import type { Check } from './types.js';

export const CHECKS: readonly Check[] = [
  unauthenticatedAccess,
  malformedTokenAccepted,
  jwtSigningKeyGuessable,
  expiredSessionAccepted,
  sessionValidAfterLogout,
  sessionValidAfterPasswordChange,
  sessionValidAfterDisable,
  sessionCookieInsecure,
  functionLevelAuthorizationMissing,
  objectLevelAuthorizationMissing,
  massAssignmentAccepted,
  requestValidationMissing,
  rateLimitMissing,
  rateLimitBypassable,
  userEnumerationPossible,
  resetTokenExposed,
  resetTokenReusable,
  revokedInviteAccepted,
  inviteTermsChangeable,
  weakPasswordAccepted,
  corsReflectsAnyOrigin,
  undocumentedMethodAnswered,
  methodOverrideHonoured,
  requestCrashesServer,
  auditLeftAppBroken,
  httpNotRedirectedToHttps,
  missingSecurityHeaders,
  // stage 3: edge, domain and mail
  hostDoesNotResolve,
  danglingCname,
  cnameAtApex,
  caaForbidsIssuer,
  tlsCertificateExpiring,
  tlsCertificateUntrusted,
  tlsHostnameMismatch,
  tlsLegacyProtocolOffered,
  tlsWeakKeyOrSignature,
  tlsCertificateLifetimeTooLong,
  redirectChainBroken,
  legacyRedirectWrongTarget,
  hstsWeak,
  mixedContent,
  apiResponseCacheable,
  originExposedBesideCdn,
  spfMissing,
  spfAllowsAnySender,
  spfTooManyLookups,
  spfRecordInvalid,
  dmarcMissing,
  dmarcPolicyNone,
  dmarcRecordInvalid,
  dkimSelectorMissing,
  dkimKeyTooWeak,
  mxMissing,
  mtaStsMissing,
  tlsRptMissing,
  errorResponseLeaksInternals,
  envFileCommitted,
  secretInRepository,
  secretInGitHistory,
  secretInClientBundle,
  envExampleMissingKeys,
  secretSharedBetweenEnvironments,
  testCredentialsInProduction,
  debugEnabledInProduction,
  tlsVerificationDisabled,
  corsWildcardWithCredentialsInCode,
  secretsWrittenToLogs,
  webhookPointsOutsideProduction,
  migrationNotReversible,
  noDeploymentPipeline,
  uptimeCheckMissing,
  alertRouteMissing,
  logsContainSecretsOrPersonalData,
  criticalPageUnavailable,
  // stage 6: AI features (issue 16)
  promptInjectionFollowed,
  indirectPromptInjectionFollowed,
  systemPromptLeaked,
  aiSensitiveInformationDisclosed,
  aiExcessiveAgency,
  aiOutputRendersActiveContent,
  aiConsumptionUnbounded,
  logsExposePrompts,
  // stage 7: handover
  envVarInventory,
] as unknown as readonly Check[];
