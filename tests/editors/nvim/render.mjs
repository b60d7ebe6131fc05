// Renders a tmux pane capture with escape sequences (capture-pane -e) to a PNG
// through chromium, so the screenshots include a picture of the Neovim session, not only text.
// Usage: node render.mjs capture.ansi out.png   (env LEDE_PW: folder with playwright-core)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [input, output] = process.argv.slice(2);
const require = createRequire(path.join(process.env.LEDE_PW, 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');

const base16 = ['#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5',
  '#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff'];
function color256(n) {
  if (n < 16) return base16[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    n -= 16;
    return `rgb(${v[Math.floor(n / 36)]},${v[Math.floor(n / 6) % 6]},${v[n % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const FG = '#e0e2ea', BG = '#14161b';
let st = { fg: null, bg: null, bold: false, ul: false, rev: false, italic: false };
function apply(codes) {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) st = { fg: null, bg: null, bold: false, ul: false, rev: false, italic: false };
    else if (c === 1) st.bold = true;
    else if (c === 3) st.italic = true;
    else if (c === 4) st.ul = true;
    else if (c === 7) st.rev = true;
    else if (c === 22) st.bold = false;
    else if (c === 23) st.italic = false;
    else if (c === 24) st.ul = false;
    else if (c === 27) st.rev = false;
    else if (c >= 30 && c <= 37) st.fg = base16[c - 30];
    else if (c >= 90 && c <= 97) st.fg = base16[c - 90 + 8];
    else if (c >= 40 && c <= 47) st.bg = base16[c - 40];
    else if (c >= 100 && c <= 107) st.bg = base16[c - 100 + 8];
    else if (c === 39) st.fg = null;
    else if (c === 49) st.bg = null;
    else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
      st[c === 38 ? 'fg' : 'bg'] = color256(codes[i + 2]);
      i += 2;
    } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
      st[c === 38 ? 'fg' : 'bg'] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
      i += 4;
    }
  }
}
function span(text) {
  if (!text) return '';
  let fg = st.fg ?? FG, bg = st.bg ?? BG;
  if (st.rev) [fg, bg] = [bg, fg];
  const css = [`color:${fg}`, `background:${bg}`];
  if (st.bold) css.push('font-weight:bold');
  if (st.italic) css.push('font-style:italic');
  if (st.ul) css.push('text-decoration:underline');
  return `<span style="${css.join(';')}">${esc(text)}</span>`;
}
const html = fs.readFileSync(input, 'utf8').split('\n').map((line) => {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    out += span(line.slice(last, m.index));
    apply(m[1] === '' ? [0] : m[1].split(/[;:]/).map(Number));
    last = m.index + m[0].length;
  }
  return out + span(line.slice(last));
}).join('\n');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1000, height: 400 }, deviceScaleFactor: 1 });
await page.setContent(`<html><body style="margin:0;background:${BG}"><pre id="t" style="margin:0;padding:8px;font:13px/1.25 'DejaVu Sans Mono',monospace;color:${FG};background:${BG};display:inline-block">${html}</pre></body></html>`);
await page.locator('#t').screenshot({ path: output });
await browser.close();
