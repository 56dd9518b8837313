/**
 * `pnpm start` (after the build): the portal, then the ACS, then the demo shop, each its own process with the
 * environment you gave. The portal goes first because it creates the database, applies the migrations and
 * writes the development keys the others read. Ctrl-C (or SIGTERM) stops all three and exits cleanly; if one
 * of them dies, the others are stopped too.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const portalPort = process.env.PORT ?? '3000';
const acsPort = process.env.ACS_PORT ?? '3001';
const demoPort = process.env.DEMO_PORT ?? '3002';
// the three agree on each other's addresses when only the ports were changed
const env = {
  // an unset NODE_ENV means production (fail closed); `pnpm start` is the newcomer's development start
  NODE_ENV: 'development',
  ACS_PUBLIC_URL: `http://localhost:${acsPort}`,
  DEMO_PUBLIC_URL: `http://localhost:${demoPort}`,
  ...process.env,
};
const demoScript = resolve(root, 'apps/demo-shop/dist/main.js');


const demoWanted = env.DEMO !== 'false' && env.NODE_ENV !== 'production' && existsSync(demoScript);

const processes = [
  { name: 'portal', script: resolve(root, 'apps/api/dist/main.js'), health: `http://127.0.0.1:${portalPort}/api/v1/health` },
  { name: 'ACS', script: resolve(root, 'apps/api/dist/acs-main.js'), health: `http://127.0.0.1:${acsPort}/health` },
  ...(demoWanted ? [{ name: 'demo shop', script: demoScript, health: `http://127.0.0.1:${demoPort}/` }] : []),
];

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 10_000);
  force.unref();
  Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((done) => child.once('exit', done))))).then(() => process.exit(code));
}

async function healthy(url, child, name) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      // 503 is an answer too: the portal answers it during its maintenance window
      if (response.status < 600) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`${name} did not start within 120 s`);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  for (const { name, script, health } of processes) {
    const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: root, env, stdio: 'inherit' });
    children.push(child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the others.\n`);
      stopAll(code === 0 ? 0 : 1);
    });
    await healthy(health, child, name);
  }
  if (!demoWanted && env.DEMO !== 'false' && env.NODE_ENV !== 'production') {
    process.stdout.write('  (demo shop not built: apps/demo-shop is missing)\n');
  }
} catch (error) {
  process.stderr.write(`pnpm start: ${error.message}\n`);
  stopAll(1);
}
