/**
 * The demo shop's process (`pnpm --filter @corpweb/demo-shop start`): validates its configuration, refuses to run
 * in production, and prints the URLs a newcomer needs — the checkout, and the DS URL the ACS sends RReqs to.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DemoDisabled, loadDemoConfig } from './config.js';
import { createDemoShop } from './demo-shop.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const config = loadDemoConfig(process.env, { devKeyFile: resolve(repoRoot, '.data/dev-keys.json') });
  const app = createDemoShop(config, { logger: false });
  await app.listen({ port: config.port, host: config.host });
  const lines = [
    '',
    `  demo shop (simulator):     ${config.publicUrl}/  (English: ${config.publicUrl}/?lang=en)`,
    `  demo shop as the DS:       ${config.publicUrl}/ds/rreq  (ACS_DS_URL)`,
    `  ACS it sends AReqs to:     ${config.acsPublicUrl}/3ds/v2/areq`,
    `  authenticationValue check: ${config.acsVerifyToken() ? 'on' : 'waiting for ACS_VERIFY_TOKEN (.data/dev-keys.json)'}`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof DemoDisabled) {
    process.stdout.write(`${error.message}\n`);
    process.exit(0);
  }
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else {
    const err = error as { code?: string; message?: string };
    process.stderr.write(`demo shop failed to start: ${err.code ?? ''} ${err.message ?? String(error)}\n`);
  }
  process.exit(1);
});
