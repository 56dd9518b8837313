/**
 * The ACS process (`pnpm start` runs it beside the portal): validates both configurations, applies migrations,
 * and serves the EMV 3-D Secure endpoints on ACS_PORT. It has no maintenance window: checkout never closes.
 */
import './config/thread-pool.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAcsApp } from './acs.factory.js';
import { loadAcsConfig } from './config/acs-config.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { checkKeysAgainstDatabase } from './database/key-checks.js';
import { migrate } from './database/migrate.js';
import { shutDownGracefullyOnSignals } from './graceful-shutdown.js';
import { MetricsListener } from './modules/metrics/metrics-listener.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const devKeyFile = resolve(repoRoot, '.data/dev-keys.json');
  const config = loadConfig(process.env, { devKeyFile });
  const acs = loadAcsConfig(process.env, { devKeyFile });
  await migrate(config.databaseUrl);
  await checkKeysAgainstDatabase(config.databaseUrl, config.keys);
  const app = await createAcsApp(config, acs);
  // drain, finish in-flight AReqs and challenge posts, the RReq batch and the timer pass, exit 0
  shutDownGracefullyOnSignals(app, config.shutdownDrainMs, 'ACS');
  await app.listen({ port: acs.port, host: config.host });
  if (acs.metricsPort !== undefined) await app.get(MetricsListener).listen(acs.metricsPort, config.metrics.host);
  process.stdout.write(
    `\n  ACS (3-D Secure) is running: ${acs.publicUrl}\n` +
      `  AReq endpoint:               ${acs.publicUrl}/3ds/v2/areq\n` +
      `  RReqs go to the DS at:       ${acs.dsUrl}\n\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    const err = error as { code?: string; message?: string };
    process.stderr.write(`ACS failed to start: ${err.code ?? ''} ${err.message ?? String(error)}\n`);
  }
  process.exit(1);
});
