import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeXml, mapStrings, stripTerminalControls } from '../../src/report/renderers/escape.js';

describe('escapeHtml', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });
  it('renders numbers and missing values as text', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
  it('drops characters XML 1.0 forbids and keeps legal ones', () => {
    expect(escapeXml('a\u0000b\u001bc\u0007d\uFFFEe')).toBe('abcde');
    expect(escapeXml('lone \uD800 surrogate')).toBe('lone  surrogate');
    expect(escapeXml('tab\tline\nret\r emoji 🚀 é')).toBe('tab\tline\nret\r emoji 🚀 é');
  });
});

describe('stripTerminalControls', () => {
  it('removes escape sequences introducers but keeps layout', () => {
    expect(stripTerminalControls('a\u001b]0;pwned\u0007b\tc\nd\u009be')).toBe('a]0;pwnedb\tc\nde');
  });
  it('mapStrings reaches nested strings and leaves other values alone', () => {
    const out = mapStrings({ a: ['x\u001b', { b: 'y\u001b' }], n: 1, z: null, t: true }, stripTerminalControls);
    expect(out).toEqual({ a: ['x', { b: 'y' }], n: 1, z: null, t: true });
  });
});
