// Error responses must not show how the app is built: stack traces, SQL
// errors and file paths help an attacker aim, and framework banners tell them
// which known bugs to try. Read from the deliberately failing probes (unknown
// path, malformed parameter, malformed JSON) and the normal ones.
import type { HttpExchange, HttpProbes } from '../../evidence/types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';

const LEAKS: { kind: string; label: string; re: RegExp }[] = [
  { kind: 'stack-trace', label: 'a stack trace', re: /\bat (?:[\w$.<>[\] ]+ )?\(?(?:\/|[A-Za-z]:\\|file:|node:)[^\s)]+:\d+:\d+\)?|Traceback \(most recent call last\)|Exception in thread "|^\s+at [\w$.]+\([\w]+\.java:\d+\)/m },
  { kind: 'sql-error', label: 'a database error', re: /SQLSTATE\[|syntax error at or near|ORA-\d{5}|SQLITE_ERROR|You have an error in your SQL syntax|PG::\w+Error/ },
  { kind: 'file-path', label: 'server file paths', re: /(?:\/home\/|\/var\/www\/|\/usr\/src\/app\/|\/app\/node_modules\/|C:\\\\inetpub\\)[\w./\\-]+/ },
  { kind: 'debug-page', label: 'a framework debug page', re: /Whoops! There was an error|Werkzeug Debugger|DEBUG = True|<title>Action Controller: Exception caught<\/title>/ },
];

// Headers that name the framework; a Server header only when it carries a version.
const BANNERS: { name: string; matches(v: string): boolean }[] = [
  { name: 'x-powered-by', matches: () => true },
  { name: 'x-aspnet-version', matches: () => true },
  { name: 'x-aspnetmvc-version', matches: () => true },
  { name: 'server', matches: (v) => /\/\s*\d/.test(v) },
];

const PROBE_NAMES: (keyof Omit<HttpProbes, 'skipped' | 'loginPageDeclared' | 'healthDeclared'>)[] = ['notFound', 'malformedParam', 'malformedJson', 'apiHealth', 'appHome'];

export default defineCheck({
  meta: {
    id: 'error-response-leaks-internals',
    stage: 4,
    title: 'Error responses reveal nothing about the internals',
    failureTitle: 'Error responses reveal stack traces or framework details',
    severity: 'high',
    minimumBar: 'No debug output in production: errors return a short message and an id, details go to the logs.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Install a final error handler that logs the error and returns a generic JSON body (`{"error":"internal error"}`) without the stack; run with NODE_ENV=production.',
    requires: ['httpProbes'],
  },
  run({ httpProbes }) {
    const answered = PROBE_NAMES.map((n) => [n, httpProbes[n]] as const).filter(
      (p): p is readonly [typeof p[0], HttpExchange] => p[1]?.response !== undefined,
    );
    if (answered.length === 0) return { status: 'error', reason: 'none of the error probes got a response' };

    const findings: FindingInput[] = [];
    for (const leak of LEAKS) {
      const hits = answered.filter(([, ex]) => leak.re.test(ex.response!.body));
      if (hits.length === 0) continue;
      findings.push({
        title: `Error responses show ${leak.label}`,
        severity: leak.kind === 'file-path' ? 'medium' : 'high',
        detail: `When a request goes wrong the server answers with ${leak.label}. It tells an attacker which code, libraries and files sit behind the API and where to aim.`,
        evidence: hits.map(([name, ex]) => httpEvidence(`${describe(name)}: ${statusLine(ex)}`, ex, 800)),
        reproduction: curlFor(hits[0]![1]),
        location: { url: hits[0]![1].request.url },
        identity: [leak.kind],
      });
    }
    for (const banner of BANNERS) {
      const hit = answered.find(([, ex]) => {
        const v = header(ex, banner.name);
        return v !== undefined && banner.matches(v);
      });
      if (!hit) continue;
      const value = header(hit[1], banner.name)!;
      findings.push({
        title: `Responses announce the framework: ${banner.name}: ${value}`,
        severity: 'low',
        detail: 'The header tells anyone which framework (and sometimes which version) runs the app, which makes known bugs easy to try.',
        remediation: banner.name === 'x-powered-by' ? "Remove it (Express: `app.disable('x-powered-by')`)." : `Remove the ${banner.name} header or its version at the server or proxy.`,
        evidence: [httpEvidence(`${statusLine(hit[1])} carries ${banner.name}`, hit[1], 0)],
        reproduction: curlFor(hit[1]),
        location: { url: hit[1].request.url },
        identity: ['banner', banner.name],
      });
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `${answered.length} responses checked` };
  },
});

function describe(name: string): string {
  return (
    {
      notFound: 'Unknown path',
      malformedParam: 'Malformed path parameter',
      malformedJson: 'Malformed JSON body',
      apiHealth: 'Health endpoint',
      appHome: 'Home page',
    }[name] ?? name
  );
}
