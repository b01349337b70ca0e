// The HTML report's stylesheet, inlined so the file works offline and from an
// attachment. System fonts only: no web fonts to fetch.
export const HTML_STYLE = `
:root { color-scheme: light; --red:#b42318; --red-bg:#fef3f2; --green:#067647; --green-bg:#ecfdf3; --amber:#b54708; --amber-bg:#fffaeb;
  --blue:#175cd3; --blue-bg:#eff8ff; --grey:#475467; --grey-bg:#f2f4f7; --line:#d0d5dd; --ink:#101828; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 68rem; padding: 1.5rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
h1, h2, h3, h4 { line-height: 1.25; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h4 { margin: 1rem 0 .25rem; font-size: .95rem; }
code, pre { font: .875rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--grey-bg); padding: .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
a { color: var(--blue); }
.muted, .meta { color: var(--grey); }
.meta { font-size: .9rem; }
.verdict { font-size: 2.25rem; margin: .5rem 0; padding: .75rem 1rem; border-radius: 8px; }
.verdict.not-ready { color: var(--red); background: var(--red-bg); border-left: 8px solid var(--red); }
.verdict.ready { color: var(--green); background: var(--green-bg); border-left: 8px solid var(--green); }
.verdict.incomplete { color: var(--amber); background: var(--amber-bg); border-left: 8px solid var(--amber); }
.verdict-hint { margin-top: 0; }
.coverage h2 { margin-top: 1rem; }
.not-verified { color: var(--amber); }
.target-problems li { color: #c11574; }
.gaps { margin: 0; padding-left: 1.1rem; }
.unlock { color: var(--green); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .75rem; display: flex; flex-direction: column; }
.card .n { font-size: 2rem; font-weight: 700; }
.card .label { font-weight: 600; }
.card .hint { font-size: .8rem; color: var(--grey); }
.card.fix-first .n { color: var(--red); } .card.launch-now .n { color: var(--amber); } .card.defer .n { color: var(--blue); }
nav { margin: 1.5rem 0 0; display: flex; gap: 1rem; flex-wrap: wrap; font-size: .9rem; }
.triage { margin-bottom: 1.5rem; }
.triage .meaning { margin-top: -.5rem; color: var(--grey); }
.triage.fix-first h3 { color: var(--red); } .triage.launch-now h3 { color: var(--amber); } .triage.defer h3 { color: var(--blue); }
.finding { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; margin: .5rem 0; }
.finding.sev-critical, .finding.sev-high { border-left-color: var(--red); }
.finding.sev-medium { border-left-color: var(--amber); }
.finding.sev-low, .finding.sev-info { border-left-color: var(--blue); }
.finding.accepted { opacity: .8; }
.finding summary { cursor: pointer; padding: .6rem .75rem; }
.finding summary .title { font-weight: 600; }
.finding .body { padding: 0 1rem 1rem; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
.finding dt { font-weight: 600; } .finding dd { margin: 0; }
.evidence { padding-left: 1.25rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .75rem; font-weight: 600; text-transform: uppercase; letter-spacing: .02em; white-space: nowrap; }
.sev-critical.badge { background: var(--red); color: #fff; } .sev-high.badge { background: var(--red-bg); color: var(--red); }
.sev-medium.badge { background: var(--amber-bg); color: var(--amber); } .sev-low.badge, .sev-info.badge { background: var(--blue-bg); color: var(--blue); }
.badge.accepted { background: var(--grey-bg); color: var(--grey); border: 1px solid var(--line); }
.status-pass { background: var(--green-bg); color: var(--green); } .status-fail { background: var(--red-bg); color: var(--red); }
.status-warn { background: var(--amber-bg); color: var(--amber); } .status-error { background: #fdf2fa; color: #c11574; }
.status-not-tested, .status-not-applicable { background: var(--grey-bg); color: var(--grey); }
.check-id { color: var(--grey); white-space: nowrap; }
.score { float: right; font-weight: 400; color: var(--grey); }
.question { color: var(--grey); margin-top: -.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
td p { margin: 0 0 .25rem; } td .docs { font-size: .8rem; }
.links { margin: 0; padding-left: 1.1rem; }
td code { overflow-wrap: anywhere; }
.err { color: var(--red); }
.empty { color: var(--grey); font-style: italic; }
footer { margin-top: 3rem; font-size: .85rem; color: var(--grey); border-top: 1px solid var(--line); padding-top: .75rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  .finding, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  /* Paper cannot be clicked open: print findings expanded (Chromium 131+). */
  .finding::details-content { content-visibility: visible; display: block; }
  .ledger { display: none; }
  .verdict, .badge, .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
