// Files whose format exists to hold credentials (.netrc, .pgpass,
// .git-credentials, .htpasswd, Docker's config.json, PuTTY keys, Rails'
// master.key, FTP and S3 client configs) and password hashes wherever they
// sit (SQL dumps, seeds, shadow files). In these a value is a credential
// because of where it stands, not because it looks random: a weak password
// in a production credential file is worse, not better, so these rules set
// `credentialFormat` (no entropy or stand-in-word test; only template
// references such as ${VAR} are passed over).
import { SECRET_NAME_WORDS } from './generic.js';
import type { SecretRule } from './types.js';

/** Client configs that store passwords and tokens as plain settings. */
export const CREDENTIAL_FILE_PATHS = String.raw`(?:^|/)(?:\.pypirc|\.s3cfg|\.?my\.cnf|\.mylogin\.cnf|\.boto|\.aws/(?:credentials|config)|\.dockercfg|\.npmrc|\.yarnrc(?:\.yml)?|\.gem/credentials|\.composer/auth\.json|auth\.json|sftp-config\.json|sftp\.json|\.ftpconfig|\.ftppass|ftp-sync\.json|\.remote-sync\.json|deployment\.xml|sitemanager\.xml|recentservers\.xml|[Ff]ile[Zz]illa\.xml(?:\.bak)?|[Ww]in[Ss][Cc][Pp]\.ini|rclone\.conf|\.msmtprc|\.fetchmailrc|\.muttrc|\.esmtprc|credentials\.tfrc\.json|\.terraformrc|hosts\.yml|\.kube/config|kubeconfig|settings\.xml|\.transifexrc|\.lftp/bookmarks|\.git-credentials|\.(?:s3|ftp|sftp)cfg)$`;

// A value in a credential file: quoted (anything to the closing quote) or bare (to whitespace).
const anyValue = String.raw`(?:"(?P<secretdq>[^"\r\n]{1,200})"|'(?P<secretsq>[^'\r\n]{1,200})'|(?P<secretuq>[^\s"'<>=:][^\s"'<>]{0,199}))`;
const credentialName = String.raw`[\w.-]{0,40}(?:pass(?:word|wd|phrase)?|pwd|secret|token|access_?key|secret_?key|api_?key|private_?key|client_?secret|_auth|authtoken)[\w-]{0,12}`;

// Settings in credential files that name a secret but hold none.
const NOT_A_VALUE = [
  String.raw`^(?:true|false|yes|no|on|off|none|null|nil|bearer|basic|plain|base64|utf-?8|\d{1,6})$`,
  // Paths, commands and URLs without userinfo: where a key lives, not the key.
  String.raw`^(?:~?/|\.{1,2}/|[A-Za-z]:\\|https?://[^@]*$|file:)`,
];

const credentialFormat = { credentialFormat: true, category: 'credential-file' as const };

export const CREDENTIAL_FILE_RULES: SecretRule[] = [
  {
    id: 'netrc-password',
    description: 'Password in a .netrc file (machine … login … password …)',
    ...credentialFormat,
    regex: String.raw`(?i)\b(?:password|passwd)[ \t]{1,16}(?P<secret>[^\s]{1,200})`,
    keywords: ['password', 'passwd'],
    paths: String.raw`(?:^|/)[._]netrc$`,
    severity: 'critical',
    before: 0,
    after: 230,
  },
  {
    id: 'git-credentials',
    description: 'Password or token in a .git-credentials file',
    ...credentialFormat,
    regex: String.raw`(?i)\b[a-z][a-z0-9+.-]{1,20}://[^:\s/@]{0,128}:(?P<secret>[^\s@/]{1,200})@`,
    keywords: ['https://', 'http://'],
    paths: String.raw`(?:^|/)\.git-credentials$`,
    severity: 'critical',
    before: 24,
    after: 360,
  },
  {
    id: 'pgpass-password',
    description: 'PostgreSQL password file entry (.pgpass: host:port:db:user:password)',
    ...credentialFormat,
    regex: String.raw`(?m)^[^#:\s][^:\r\n]{0,253}:[^:\r\n]{0,10}:[^:\r\n]{0,63}:[^:\r\n]{0,63}:(?P<secret>[^\r\n]{1,200})$`,
    keywords: [],
    paths: String.raw`(?:^|/)\.?pgpass(?:\.conf)?$`,
    severity: 'critical',
  },
  {
    id: 'htpasswd-entry',
    description: 'Password hash in an htpasswd, shadow or passwd file (user:hash)',
    category: 'password-hash',
    credentialFormat: true,
    // A locked account (! or *) and the x placeholder of /etc/passwd hold no hash.
    regex: String.raw`(?m)^[\w.@$-]{1,64}:(?P<secret>[^:\s!*][^:\s]{1,200})`,
    keywords: [],
    paths: String.raw`(?:^|/)(?:\.?htpasswd[\w.-]{0,20}|\.?htdigest|shadow-?|gshadow-?|passwd-?|master\.passwd)$`,
    severity: 'high',
  },
  {
    id: 'password-hash',
    description: 'Password hash (bcrypt, argon2, crypt(3) SHA/MD5, PBKDF2, SCRAM, MySQL native): crackable offline',
    category: 'password-hash',
    credentialFormat: true,
    regex: String.raw`(?P<secret>\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$v=\d{1,3}\$m=\d{1,8},t=\d{1,4},p=\d{1,3}\$[A-Za-z0-9+/]{8,100}\$[A-Za-z0-9+/]{16,200}|\$[56]\$(?:rounds=\d{1,8}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}|\$(?:1|apr1)\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}|\$y\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{8,64}\$[./A-Za-z0-9]{43}|pbkdf2_sha(?:1|256|512)\$\d{3,7}\$[\w./+]{1,64}\$[A-Za-z0-9+/]{27,88}={0,2}|SCRAM-SHA-256\$\d{3,7}:[A-Za-z0-9+/=]{12,64}\$[A-Za-z0-9+/=]{40,64}:[A-Za-z0-9+/=]{40,64}|\*[0-9A-F]{40})`,
    // MySQL's *HEX has no prefix of its own: it is read next to authentication_string or IDENTIFIED BY PASSWORD.
    // (Keywords such as `= '*` would put a common 3-gram of code into the keyword pass, slowing every file.)
    keywords: ['$2a$', '$2b$', '$2y$', '$2x$', '$argon2', '$6$', '$5$', '$1$', '$apr1$', '$y$', 'pbkdf2_sha', 'scram-sha-256$', 'authentication_string', 'by password'],
    // Backtrack-safe: bounded quantifiers; the one optional group holds no alternation.
    backtrackSafe: true,
    severity: 'medium',
    before: 120,
    after: 260,
  },
  {
    id: 'sql-user-password',
    description: 'Password set in SQL (CREATE/ALTER USER … IDENTIFIED BY / WITH PASSWORD)',
    ...credentialFormat,
    regex: String.raw`(?i)\b(?:identified(?:[ \t]{1,4}with[ \t]{1,4}\w{1,40})?[ \t]{1,4}by(?:[ \t]{1,4}password)?|(?:with|login|encrypted|unencrypted)[ \t]{1,4}password)[ \t]{1,4}'(?P<secret>[^'"\r\n]{1,200})'`,
    keywords: ['identified', 'password'],
    // 'password' is in every other line of code: run only where a quoted SQL literal or BY/WITH follows.
    near: String.raw`^(?:[ \t]{1,4}'|[ \t]{1,4}(?:[Ww][Ii][Tt][Hh]|[Bb][Yy])\b)`,
    // Backtrack-safe: bounded quantifiers; the optional groups hold no alternation.
    backtrackSafe: true,
    severity: 'critical',
    allow: { regexes: [String.raw`^(?:md5[0-9a-f]{32}|SCRAM-SHA-256\$.*|\*[0-9A-F]{40})$`] },
    before: 60,
    after: 260,
  },
  {
    id: 'registry-auth',
    description: 'Registry login (base64 of user:password) in Docker config.json or .npmrc',
    ...credentialFormat,
    regex: String.raw`(?i)(?:"auth"[ \t]{0,8}:[ \t]{0,8}"(?P<secretjson>[A-Za-z0-9+/]{6,1000}={0,2})"|\b_auth[ \t]{0,8}=[ \t]{0,8}["']?(?P<secretini>[A-Za-z0-9+/]{6,1000}={0,2}))`,
    keywords: ['"auth"', '_auth'],
    validate: 'basic-auth-base64',
    severity: 'critical',
    before: 4,
    after: 1040,
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key (.ppk)',
    category: 'private-key',
    credentialFormat: true,
    regex: String.raw`(?i)Private-Lines:[ \t]{0,4}\d{1,4}\r?\n(?P<secret>[A-Za-z0-9+/=]{16,100})`,
    keywords: ['private-lines:'],
    severity: 'critical',
    before: 0,
    after: 140,
  },
  {
    id: 'rails-master-key',
    description: 'Rails master key (decrypts config/credentials.yml.enc)',
    ...credentialFormat,
    regex: String.raw`^\s{0,4}(?P<secret>[0-9a-f]{32})\s{0,4}$`,
    keywords: [],
    paths: String.raw`(?:^|/)config/(?:master|credentials/[\w-]{1,40})\.key$`,
    severity: 'critical',
  },
];

// ---- settings whose name says what the value is --------------------------
// Listed after the provider rules: where both find a value, the provider's
// rule (an AWS key, a GitHub token) names it better.

const fieldName = String.raw`[\w.-]{0,40}${SECRET_NAME_WORDS}[\w.-]{0,20}`;
const nameKey = String.raw`["']?(?:key|name|id|variable|var|param(?:eter)?_?key|param(?:eter)?_?name|param(?:eter)?|field|label|setting|property)["']?`;
const valueKey = String.raw`["']?(?:value|val|param(?:eter)?_?value|default(?:_?value)?|data|content|secret)["']?`;
const pairValue = String.raw`(?:\\{0,3}"(?P<secretdq>[^"'\\\s,;)][^"\\\r\n]{0,198}[^"\\\s])\\{0,3}"|'(?P<secretsq>[^'"\s,;)][^'\r\n]{0,198}[^'\s])'|(?P<secretuq>[^\s"'\\,;}\]<>]{2,200}))`;

export const NAME_VALUE_RULES: SecretRule[] = [
  {
    id: 'credential-file-setting',
    description: 'Password or token in a client config that stores credentials (FTP/SFTP, S3, PyPI, MySQL, registry)',
    ...credentialFormat,
    regex: String.raw`(?i)(?:<(?P<xmlname>${credentialName})(?:[ \t][^<>]{0,80})?>(?P<secretxml>[^<>\s]{1,200})</|\b(?P<name>${credentialName})\\{0,2}["']?(?:[ \t]{0,64}[=:][ \t]{0,64}|[ \t]{1,64})${anyValue})`,
    keywords: ['pass', 'pwd', 'secret', 'token', 'key', '_auth'],
    paths: CREDENTIAL_FILE_PATHS,
    severity: 'critical',
    lineBounded: true,
    before: 60,
    after: 320,
    allow: { regexes: NOT_A_VALUE },
  },
  {
    id: 'name-value-secret',
    description: 'Secret in a name/value pair (Postman environment, env list, XML settings, plist): the name is data, the value its sibling',
    category: 'generic',
    regex: String.raw`(?i)(?:${nameKey}[ \t]{0,8}[:=][ \t]{0,8}\\{0,3}["']?(?P<pairname>${fieldName})\\{0,3}["']?[ \t]{0,8}[,;]?\s{0,120}${valueKey}[ \t]{0,8}[:=][ \t]{0,8}${pairValue}|<(?:key|name)>(?P<plistname>${fieldName})</(?:key|name)>\s{0,40}<(?:string|value|data)>(?P<secretplist>[^<\s'"][^<]{0,198})</|<(?:entry|property|add|setting)[ \t]{1,4}(?:key|name)=["'](?P<entryname>${fieldName})["'][ \t]{0,4}>(?P<secretentry>[^<\s'"][^<]{0,198})</)`,
    keywords: ['secret', 'pass', 'pwd', 'token', 'key', 'credential'],
    // The secret word ends a name that is itself a value: a quote, `</` or the end of the line follows.
    near: String.raw`^[\w.-]{0,20}(?:\\{0,3}["']|</|[ \t]*\r?\n)`,
    severity: 'high',
    minEntropy: 2.5,
    // Backtrack-safe: every quantifier is bounded ({0,40}, {0,120}, {0,198}), no group is
    // repeated and no alternation is optional; the keywords are common, so V8 runs it.
    backtrackSafe: true,
    before: 90,
    after: 420,
    allow: { stopwords: ['getenv', 'environ', 'secretkeyref', 'valuefrom'], readable: true, regexes: NOT_A_VALUE },
  },
];
