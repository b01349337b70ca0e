// The stylesheet every monitor page shares (inline: the pages are served under
// a CSP of default-src 'none' with only inline styles allowed).
export const STYLE = `
body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
header{padding:16px 24px;background:#1b1f24;color:#fff}header h1{margin:0;font-size:18px}header p{margin:4px 0 0;color:#b8c0cc;font-size:13px}
header a{color:#b8c0cc}
main{padding:16px 24px;max-width:1200px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px}
.metric{background:#fff;border-radius:8px;padding:14px;border:1px solid #e3e6ea}.metric.bad{border-color:#d93025;background:#fff5f4}
.metric .label{font-size:13px;color:#57606a}.metric .value{font-size:30px;font-weight:600;margin:4px 0}
.metric .trend{font-size:12px;color:#57606a}.metric .hint{font-size:12px;color:#8a939d;margin-top:4px}
section{margin-top:22px}h2{font-size:15px;margin:0 0 8px}h2 .ranges{font-weight:400;font-size:13px;margin-left:10px}
.ranges a,.ranges b{margin-right:8px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e3e6ea;border-radius:8px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eef0f2;font-size:13px;vertical-align:top}
td.bars{width:42%;min-width:240px}
.banner{border-radius:8px;padding:10px 14px;margin-bottom:14px;font-size:14px}.banner.error{background:#fff0ef;border:1px solid #d93025;color:#8c1d13}.banner.warn{background:#fff8e6;border:1px solid #d4a72c;color:#6b4f00}
.banner.info{background:#ddf4ff;border:1px solid #54aeff;color:#0a3069}.banner.ok{background:#dafbe1;border:1px solid #4ac26b;color:#116329}
.up{color:#1a7f37;font-weight:600}.down{color:#d93025;font-weight:600}.maint{color:#0969da;font-weight:600}.muted{color:#8a939d}
svg{background:#fff;border:1px solid #e3e6ea;border-radius:8px}svg.bars{background:none;border:0;border-radius:0;display:block}
.legend span{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 12px;vertical-align:-1px}
.card{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:12px 14px;margin-bottom:12px}
.card .row{display:flex;justify-content:space-between;align-items:baseline;margin-bottom:6px}
`;

/** Pages are self-contained documents; this is their common head. */
export function head(title: string, opts: { refresh?: number } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${opts.refresh ? `<meta http-equiv="refresh" content="${opts.refresh}">` : ''}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style></head>`;
}
