/**
 * `pnpm bench:web` (after the SPA build): what a browser downloads, gzip-compressed (zlib default level 6), for
 *  - the public top page: every JS and CSS file apps/web/dist/index.html references (entry script,
 *    modulepreload links, stylesheets) plus anything those import statically;
 *  - the back-office entry (/backoffice/login): the same, plus what the router loads on the way there. The
 *    build emits no .vite/manifest.json (vite.config.ts does not ask for one), so the lazy chunks are read from
 *    the built code itself: every `import("./X.js")` in a chunk is followed by `__vite__mapDeps([...])`, the list
 *    of JS and CSS files Vite preloads with it. The route needs page-assets.ts and i18n/ja-pages.ts
 *    (preparePages(), which the router runs before any page but the top page) and the
 *    views/backoffice/BackofficeLoginView.vue chunk; each is followed through its static imports too.
 *  - the password-strength chunk (zxcvbn-ts and its dictionary), which the password screens load when they open
 *    and the first 「確認画面へ進む」 click may wait for: its own budget.
 * It also checks that no back-office code (back-office views, stores or API paths) is in the initial files.
 * Prints a table, writes bench/results/web-latest.json and the `web` block of docs/PERFORMANCE.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { resultsDir, webDistDir } from './lib/common.mjs';
import { replaceBlock } from './lib/report.mjs';

const BUDGET_TOP_KB = 60;
const BUDGET_STRENGTH_KB = 60;
const BACKOFFICE_CHUNK = /^(Backoffice|ApplicationList|ApplicationDetail|CardImport|CardSearch|AuditLog)View|^BackofficeLayout|^backoffice-|^staff-session-|^applications-/;
const BACKOFFICE_API_PATHS = ['/backoffice/session', '/backoffice/me', '/backoffice/signup-applications', '/backoffice/card-imports', '/backoffice/audit-events'];

function read(relative) {
  return readFileSync(join(webDistDir, relative));
}

const gzipCache = new Map();
function gzipBytes(relative) {
  if (!gzipCache.has(relative)) gzipCache.set(relative, gzipSync(read(relative)).length);
  return gzipCache.get(relative);
}

/** `assets/x.js` → the assets its code imports statically (`import … from "./y.js"`, `import "./y.js"`). */
function staticImports(relative) {
  const code = read(relative).toString('utf8');
  const found = new Set();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.\/[^"'`]+)["'`]/g)) found.add(`assets/${match[1].slice(2)}`);
  return [...found];
}

/** The lazy imports of a chunk: target file → files Vite preloads with it (from `__vite__mapDeps`). */
function dynamicImports(relative) {
  const code = read(relative).toString('utf8');
  const table = /m\.f=\[([^\]]*)\]/.exec(code)?.[1]?.match(/"[^"]+"/g)?.map((quoted) => quoted.slice(1, -1)) ?? [];
  const imports = new Map();
  for (const match of code.matchAll(/import\(\s*["'`](\.\/[^"'`]+)["'`]\s*\)(\s*,\s*__vite__mapDeps\(\[([\d,\s]*)\]\))?/g)) {
    const deps = (match[3] ?? '').split(',').filter((s) => s.trim() !== '').map((index) => table[Number(index)]).filter(Boolean);
    imports.set(`assets/${match[1].slice(2)}`, deps);
  }
  return imports;
}

/** Adds `files` and everything they import statically to `into`. */
function closure(files, into = new Set()) {
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop();
    if (into.has(file)) continue;
    into.add(file);
    if (file.endsWith('.js')) queue.push(...staticImports(file));
  }
  return into;
}

function total(files) {
  let js = 0;
  let css = 0;
  for (const file of files) {
    if (file.endsWith('.js')) js += gzipBytes(file);
    else if (file.endsWith('.css')) css += gzipBytes(file);
  }
  return { js, css, total: js + css };
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

function main() {
  const indexPath = join(webDistDir, 'index.html');
  if (!existsSync(indexPath)) throw new Error('apps/web/dist/index.html is missing: run `pnpm --filter @corpweb/web run build` first');
  const html = readFileSync(indexPath, 'utf8');
  const manifestUsed = existsSync(join(webDistDir, '.vite/manifest.json'));
  const referenced = [
    ...html.matchAll(/<script[^>]+type="module"[^>]*\ssrc="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]*\shref="\/([^"]+)"/g),
  ].map((match) => match[1]);
  const entry = /<script[^>]+type="module"[^>]*\ssrc="\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('no entry script in index.html');

  const initial = closure(referenced);
  const top = total(initial);

  // the route to /backoffice/login: preparePages() (page-assets + ja page messages), then the view's chunk
  const lazy = dynamicImports(entry);
  const pick = (prefix) => {
    const found = [...lazy.keys()].find((file) => file.startsWith(`assets/${prefix}-`));
    if (!found) throw new Error(`no lazy chunk for ${prefix} in ${entry}`);
    return found;
  };
  const steps = ['page-assets', 'ja-pages', 'BackofficeLoginView'].map((prefix) => {
    const file = pick(prefix);
    return { prefix, file, files: closure([file, ...lazy.get(file)]) };
  });
  const backoffice = new Set(initial);
  for (const step of steps) for (const file of step.files) backoffice.add(file);
  const bo = total(backoffice);
  const boExtra = [...backoffice].filter((file) => !initial.has(file));

  const strengthFile = readdirSync(join(webDistDir, 'assets')).find((name) => /^password-strength-[\w-]+\.js$/.test(name));
  if (!strengthFile) throw new Error('no password-strength chunk in apps/web/dist/assets');
  const strengthBytes = gzipBytes(`assets/${strengthFile}`);
  const strengthMet = strengthBytes <= BUDGET_STRENGTH_KB * 1024;

  const initialCode = [...initial].filter((file) => file.endsWith('.js')).map((file) => read(file).toString('utf8')).join('\n');
  const leakedChunks = [...initial].filter((file) => BACKOFFICE_CHUNK.test(file.replace(/^assets\//, '')));
  const leakedPaths = BACKOFFICE_API_PATHS.filter((path) => initialCode.includes(path));
  const lazyOnly = leakedChunks.length === 0 && leakedPaths.length === 0;

  const result = {
    date: new Date().toISOString(),
    gzip: 'zlib default (level 6)',
    method: manifestUsed ? 'manifest' : 'index.html + __vite__mapDeps of the built chunks (no .vite/manifest.json emitted)',
    top: { files: [...initial].map((file) => ({ file, gzipBytes: gzipBytes(file), rawBytes: read(file).length })), ...top, budgetKb: BUDGET_TOP_KB, met: top.total <= BUDGET_TOP_KB * 1024 },
    backofficeLogin: { extraFiles: boExtra.map((file) => ({ file, gzipBytes: gzipBytes(file) })), ...bo, extraBytes: bo.total - top.total },
    backofficeCodeOnlyLazy: { met: lazyOnly, leakedChunks, leakedPaths },
    passwordStrength: { file: `assets/${strengthFile}`, gzipBytes: strengthBytes, rawBytes: read(`assets/${strengthFile}`).length, budgetKb: BUDGET_STRENGTH_KB, met: strengthMet },
    html: { gzipBytes: gzipBytes('index.html') },
  };

  process.stdout.write(`\npublic top page, initial JS+CSS (gzip):\n`);
  for (const file of result.top.files) process.stdout.write(`  ${file.file.padEnd(52)} ${kb(file.gzipBytes).padStart(7)} KB\n`);
  process.stdout.write(`  ${'total'.padEnd(52)} ${kb(top.total).padStart(7)} KB  (JS ${kb(top.js)} + CSS ${kb(top.css)}; budget ${BUDGET_TOP_KB} KB: ${result.top.met ? 'met' : 'NOT met'})\n`);
  process.stdout.write(`\nback-office entry (/backoffice/login) = initial + lazy chunks:\n`);
  for (const file of result.backofficeLogin.extraFiles) process.stdout.write(`  ${file.file.padEnd(52)} ${kb(file.gzipBytes).padStart(7)} KB\n`);
  process.stdout.write(`  ${'total'.padEnd(52)} ${kb(bo.total).padStart(7)} KB  (JS ${kb(bo.js)} + CSS ${kb(bo.css)}; +${kb(result.backofficeLogin.extraBytes)} KB lazy)\n`);
  process.stdout.write(`\npassword-strength chunk (loaded when a password screen opens):\n`);
  process.stdout.write(`  ${result.passwordStrength.file.padEnd(52)} ${kb(strengthBytes).padStart(7)} KB  (budget ${BUDGET_STRENGTH_KB} KB: ${strengthMet ? 'met' : 'NOT met'})\n`);
  process.stdout.write(`\nback-office code only in lazy chunks: ${lazyOnly ? 'yes' : `NO (${[...leakedChunks, ...leakedPaths].join(', ')})`}\n\n`);

  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resolve(resultsDir, 'web-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  replaceBlock('web', [
    `_Generated by \`pnpm bench:web\` on ${result.date.slice(0, 16).replace('T', ' ')} UTC; sizes are gzip (${result.gzip}); method: ${result.method}._`,
    '',
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    `| public top page: initial JS+CSS ≤ ${BUDGET_TOP_KB} KB gzip | ${kb(top.total)} KB (JS ${kb(top.js)} + CSS ${kb(top.css)}, ${initial.size} files) | ${result.top.met ? '**met**' : '**not met**'} |`,
    `| password-strength chunk ≤ ${BUDGET_STRENGTH_KB} KB gzip (loaded when a password screen opens) | ${kb(strengthBytes)} KB (${kb(result.passwordStrength.rawBytes)} KB raw) | ${strengthMet ? '**met**' : '**not met**'} |`,
    `| back-office code only in lazy chunks | ${lazyOnly ? 'no back-office view, store or API path in the initial files' : `found: ${[...leakedChunks, ...leakedPaths].join(', ')}`} | ${lazyOnly ? '**met**' : '**not met**'} |`,
    `| back-office entry (/backoffice/login), for information | ${kb(bo.total)} KB (JS ${kb(bo.js)} + CSS ${kb(bo.css)}): initial + ${kb(result.backofficeLogin.extraBytes)} KB in ${boExtra.length} lazy files | – |`,
    '',
    '| top page file | gzip KB |',
    '| --- | ---: |',
    ...result.top.files.map((file) => `| ${file.file} | ${kb(file.gzipBytes)} |`),
    '',
    '| loaded in addition for /backoffice/login | gzip KB |',
    '| --- | ---: |',
    ...result.backofficeLogin.extraFiles.map((file) => `| ${file.file} | ${kb(file.gzipBytes)} |`),
  ].join('\n'));
}

main();
