// The SARIF 2.1.0 schema validator, with format checks on (uri, uri-reference,
// date-time): code-scanning services reject a relative helpUri, so the tests must too.
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from './run-cli.js';

// ajv-draft-04 and ajv-formats are CommonJS; their exports are on .default under NodeNext typing.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const schema = JSON.parse(readFileSync(`${REPO_ROOT}/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json`, 'utf8')) as object;
// One of the schema's patterns (language tags) is invalid under the `u` flag Ajv uses by default.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);

export const validateSarif = ajv.compile(schema);
