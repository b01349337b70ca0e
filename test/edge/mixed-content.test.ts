// Mixed content through the whole edge gatherer against a loopback HTTPS
// server: each host below serves one page (and its stylesheets), chosen to
// cover one way an http:// URL reaches the browser — CSS in <style>, style=""
// and linked sheets, <base href>, srcset, <source>, <object>, <iframe>, form
// targets — beside look-alikes that are not mixed content (https:, data:,
// protocol-relative, commented-out or quoted CSS) and pages that carry
// Content-Security-Policy: upgrade-insecure-requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mixedContent from '../../src/checks/edge/mixed-content.js';
import type { FindingInput } from '../../src/checks/types.js';
import { configSchema } from '../../src/config/schema.js';
import type { EdgePage } from '../../src/evidence/edge-types.js';
import { gatherEdge, type EdgeEvidence } from '../../src/evidence/gatherers/edge/index.js';
import { CTX } from '../helpers/exchange.js';
import { startLab, type Lab } from './lab.js';
import type { Running } from './servers.js';

const Z = 'mixed.test';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
interface Site {
  html: string;
  headers?: Record<string, string>;
  /** path → stylesheet text */
  css?: Record<string, string>;
  /** expected http: refs as "kind tag attr url" (sorted), [] for a look-alike */
  expect: string[];
}
const SITES: Record<string, Site> = {
  styleimport: {
    html: `<style>@import url(http://cdn.${Z}/fonts.css); body{background:url("http://img.${Z}/bg.png")}</style>`,
    expect: [`active style @import http://cdn.${Z}/fonts.css`, `passive style url() http://img.${Z}/bg.png`],
  },
  importstring: {
    html: `<style>@import "http://cdn.${Z}/a.css" screen;\n.x{color:red}</style>`,
    expect: [`active style @import http://cdn.${Z}/a.css`],
  },
  fontface: {
    html: `<style>@font-face{font-family:X;src:url(http://cdn.${Z}/f.woff2) format("woff2"),url(https://cdn.${Z}/f.woff) format("woff")}</style>`,
    expect: [`active style url() http://cdn.${Z}/f.woff2`],
  },
  styleattr: {
    html: `<div style="background-image:url(http://img.${Z}/a.png); color: red"></div><p style="background:image-set('http://img.${Z}/b.png' 1x, 'https://img.${Z}/c.png' 2x)">x</p>`,
    expect: [`passive div style (url()) http://img.${Z}/a.png`, `passive p style (image-set()) http://img.${Z}/b.png`],
  },
  linked: {
    html: `<link rel="stylesheet" href="/site.css"><link rel="stylesheet" href="https://cdn.${Z}/third-party.css">`,
    css: {
      '/site.css': `@import url("/more.css");\n.logo{background:url(http://img.${Z}/logo.png)}\n.ok{background:url(img/local.png)}`,
      '/more.css': `@font-face{font-family:Y;src:url(http://cdn.${Z}/y.woff2)}`,
    },
    expect: [`passive stylesheet url() http://img.${Z}/logo.png`, `active stylesheet url() http://cdn.${Z}/y.woff2`],
  },
  base: {
    html: `<head><base href="http://base.${Z}/"><script src="/app.js"></script></head><body><img src="logo.png"><img src="https://img.${Z}/ok.png"></body>`,
    expect: [`active base href http://base.${Z}/`, `active script src http://base.${Z}/app.js`, `passive img src http://base.${Z}/logo.png`],
  },
  srcset: {
    html: `<img src="/a.png" srcset="https://img.${Z}/1.png 1x,http://img.${Z}/2.png 2x"><picture><source srcset="http://img.${Z}/a.webp 1x, https://img.${Z}/b.webp 2x" type="image/webp"><img src="/a.png"></picture>`,
    expect: [`passive img srcset http://img.${Z}/2.png`, `passive source srcset http://img.${Z}/a.webp`],
  },
  embeds: {
    html: `<object data="http://cdn.${Z}/movie.swf"></object><iframe src="http://widget.${Z}/"></iframe><video poster="http://img.${Z}/p.jpg"><source src="http://media.${Z}/v.mp4"></video>`,
    expect: [`active object data http://cdn.${Z}/movie.swf`, `active iframe src http://widget.${Z}/`, `passive video poster http://img.${Z}/p.jpg`, `passive source src http://media.${Z}/v.mp4`],
  },
  forms: {
    html: `<form action="http://forms.${Z}/login" method="post"><button formaction="http://pay.${Z}/charge">Pay</button></form>`,
    expect: [`form form action http://forms.${Z}/login`, `form button formaction http://pay.${Z}/charge`],
  },
  // Look-alikes: nothing here is mixed content.
  clean: {
    html: `<style>/* url(http://commented.${Z}/x.png) */ .a{content:"url(http://quoted.${Z}/)"} @import url(https://cdn.${Z}/a.css); body{background:url("${PNG}")}</style>
      <div style="background:url(//img.${Z}/a.png)"></div><img src="${PNG}" srcset="${PNG} 1x, https://img.${Z}/2.png 2x">
      <a href="http://elsewhere.${Z}/">a link is not a subresource</a><link rel="canonical" href="http://app.${Z}/">
      <form action="/login"></form><iframe src="https://widget.${Z}/"></iframe>`,
    expect: [],
  },
  cleanlinked: {
    html: `<link rel="stylesheet" href="/clean.css">`,
    css: { '/clean.css': `@import url(https://cdn.${Z}/x.css); .a{background:url("${PNG}")} .b{background:url(/img.png)} /* url(http://x.${Z}/) */` },
    expect: [],
  },
  // upgrade-insecure-requests: subresources and same-host form posts are upgraded, not blocked.
  uirheader: {
    headers: { 'content-security-policy': "default-src 'self'; upgrade-insecure-requests" },
    html: `<script src="http://cdn.${Z}/a.js"></script><img src="http://img.${Z}/a.png"><form action="http://uirheader.${Z}/login"></form>`,
    expect: [`active script src http://cdn.${Z}/a.js`, `passive img src http://img.${Z}/a.png`, `form form action http://uirheader.${Z}/login`],
  },
  uirmeta: {
    html: `<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests"><script src="http://clean.${Z}/app.js"></script>`,
    expect: [`active script src http://clean.${Z}/app.js`],
  },
  uirform: {
    headers: { 'content-security-policy': 'upgrade-insecure-requests' },
    html: `<form action="http://forms.${Z}/login"></form>`,
    expect: [`form form action http://forms.${Z}/login`],
  },
  uirreportonly: {
    headers: { 'content-security-policy-report-only': 'upgrade-insecure-requests' },
    html: `<script src="http://cdn.${Z}/a.js"></script>`,
    expect: [`active script src http://cdn.${Z}/a.js`],
  },
};
const host = (label: string) => `${label}.${Z}`;

let lab: Lab;
let server: Running;
let edge: EdgeEvidence;
let pages: EdgePage[];
let findings: FindingInput[];

beforeAll(async () => {
  lab = await startLab(Object.keys(SITES).map(host));
  server = await lab.https((req, res) => {
    const site = SITES[(req.headers.host ?? '').split('.')[0]!];
    const css = site?.css?.[req.url ?? ''];
    if (css !== undefined) {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(css);
    } else if (site && req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000', ...site.headers });
      res.end(`<!doctype html><html>${site.html}</html>`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  const [first, ...rest] = Object.keys(SITES).map(host);
  const config = configSchema.parse({
    project: { name: 'mixed content test' },
    environments: { production: { appUrl: `https://${first}:${server.port}` } },
    domains: { app: first, extra: rest },
  });
  edge = await gatherEdge({ config, environment: 'production', dnsServer: lab.dnsServer, timeoutMs: 3000, ca: lab.root.cert, client: lab.client });
  pages = edge.edgeHttp.state === 'ok' ? edge.edgeHttp.value.pages : [];
  const out = edge.edgeHttp.state === 'ok' ? mixedContent.run({ edgeHttp: edge.edgeHttp.value }, CTX) : undefined;
  findings = out && (out.status === 'fail' || out.status === 'warn') ? out.findings : [];
}, 60_000);

afterAll(async () => lab?.close());

const pageOf = (label: string) => pages.find((p) => p.host === host(label));
const about = (label: string) => findings.filter((f) => f.identity[0] === host(label));

describe('mixed content, found as the browser finds it', () => {
  it('finds exactly the http: references of each page, CSS and <base> included', () => {
    for (const [label, site] of Object.entries(SITES)) {
      const refs = (pageOf(label)?.mixed ?? []).map((r) => `${r.kind} ${r.tag} ${r.attr} ${r.url}`).sort();
      expect(refs, label).toEqual([...site.expect].sort());
    }
  });

  it('reads linked stylesheets from the app’s own hosts, following @import, and not third-party ones', () => {
    expect(pageOf('linked')?.stylesheets?.map((s) => s.url)).toEqual([`https://${host('linked')}:${server.port}/site.css`, `https://${host('linked')}:${server.port}/more.css`]);
    expect(pageOf('linked')?.mixed.find((r) => r.url.endsWith('y.woff2'))?.source).toBe(`https://${host('linked')}:${server.port}/more.css`);
    expect(lab.client.ledger.all().some((e) => e.url.includes('third-party.css'))).toBe(false);
  });

  it('reports blockable CSS and frames as high, images as low, forms as high', () => {
    expect(about('styleimport').map((f) => f.severity).sort()).toEqual(['high', 'low']);
    expect(about('fontface').map((f) => f.severity)).toEqual(['high']);
    expect(about('styleattr').map((f) => f.severity)).toEqual(['low']);
    expect(about('linked').map((f) => f.severity).sort()).toEqual(['high', 'low']);
    expect(about('base').map((f) => f.severity).sort()).toEqual(['high', 'low']);
    expect(about('embeds').map((f) => f.severity).sort()).toEqual(['high', 'low']);
    expect(about('forms').map((f) => [f.severity, f.identity[1]])).toEqual([['high', 'form']]);
    expect(about('clean')).toEqual([]);
    expect(about('cleanlinked')).toEqual([]);
  });

  it('with upgrade-insecure-requests: a low note naming hosts not known to serve HTTPS, instead of high', () => {
    const uir = about('uirheader');
    expect(uir.map((f) => f.severity)).toEqual(['low']);
    expect(uir[0]!.title).toMatch(/relies on upgrade-insecure-requests for 3 http:\/\/ reference\(s\); HTTPS not confirmed on cdn\.mixed\.test, img\.mixed\.test$/);
    // Its own host serves HTTPS (the https chain answered), so it is not named; nor is a same-host form post.
    expect(uir[0]!.title.split('not confirmed on')[1]).not.toMatch(/uirheader/);
  });

  it('a <meta> upgrade to a host that serves HTTPS needs no finding at all', () => {
    expect(pageOf('uirmeta')?.upgradeInsecureRequests).toBe('meta');
    expect(about('uirmeta')).toEqual([]);
  });

  it('a form posting to another host is not upgraded, and Report-Only upgrades nothing', () => {
    expect(pageOf('uirform')?.upgradeInsecureRequests).toBe('header');
    expect(about('uirform').map((f) => [f.severity, f.identity[1]])).toEqual([['high', 'form']]);
    expect(about('uirform')[0]!.detail).toMatch(/upgrades form posts to the page’s own host only/);
    expect(pageOf('uirreportonly')?.upgradeInsecureRequests).toBeUndefined();
    expect(about('uirreportonly').map((f) => f.severity)).toEqual(['high']);
  });
});
