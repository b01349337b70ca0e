// Every secret rule, in one list. The engine prefers specific rules over
// generic ones whatever the order; where two specific rules find the same
// value, the one listed first speaks (credential formats before URL rules).
import { AI_RULES } from './ai.js';
import { CHAT_RULES } from './chat.js';
import { CLOUD_RULES } from './cloud.js';
import { CREDENTIAL_FILE_RULES, NAME_VALUE_RULES } from './credential-files.js';
import { EMAIL_RULES } from './email.js';
import { GENERIC_RULES } from './generic.js';
import { KEY_RULES } from './keys.js';
import { PAYMENT_RULES } from './payments.js';
import { SAAS_RULES } from './saas.js';
import { SOURCE_HOSTING_RULES } from './source-hosting.js';
import type { SecretRule } from './types.js';
import { URL_RULES } from './url-credentials.js';

export type { SecretCategory, SecretRule } from './types.js';

export const SECRET_RULES: readonly SecretRule[] = [
  ...CREDENTIAL_FILE_RULES,
  ...URL_RULES,
  ...KEY_RULES,
  ...CLOUD_RULES,
  ...PAYMENT_RULES,
  ...CHAT_RULES,
  ...SOURCE_HOSTING_RULES,
  ...EMAIL_RULES,
  ...AI_RULES,
  ...SAAS_RULES,
  ...NAME_VALUE_RULES,
  ...GENERIC_RULES,
];
