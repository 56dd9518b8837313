/**
 * docker/compose.yaml cannot be started here (no Docker engine): its topology invariants are checked instead —
 * the services of the cluster, a healthcheck on each, depends_on targets that exist, and ports and environment
 * that match what the portal and the ACS read (loadConfig / loadAcsConfig defaults), HAProxy and Prometheus.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const dockerDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docker');
const read = (name: string) => readFileSync(resolve(dockerDir, name), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  expose?: string[];
}

const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const haproxy = read('haproxy.cfg');
const prometheus = parse(read('prometheus.yml')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };

describe('docker/compose.yaml', () => {
  it('has the cluster topology: 3 Galera nodes, HAProxy, portal ×2, ACS ×2, Mailpit, Prometheus', () => {
    expect(Object.keys(services).sort()).toEqual(['acs1', 'acs2', 'galera1', 'galera2', 'galera3', 'haproxy', 'mail', 'portal1', 'portal2', 'prometheus']);
    expect(services.galera1!.command).toContain('--wsrep-new-cluster');
    expect(services.galera2!.command).not.toContain('--wsrep-new-cluster');
    expect(read('galera.cnf')).toMatch(/wsrep_provider = \/usr\/lib\/galera\/libgalera_smm\.so/);
  });

  it('gives every service a healthcheck and depends only on services that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, Array.isArray(service.healthcheck?.test)]).toEqual([name, true]);
      for (const target of Object.keys(service.depends_on ?? {})) expect([name, target in services]).toEqual([name, true]);
    }
  });

  it('puts each app instance on its own Galera node for the first three, every one behind the nodes being healthy', () => {
    const node = (name: string) => /@(galera\d):3306\//.exec(services[name]!.environment!.DATABASE_URL!)?.[1];
    expect(['portal1', 'portal2', 'acs1'].map(node).sort()).toEqual(['galera1', 'galera2', 'galera3']);
    expect(node('acs2')).toMatch(/^galera\d$/);
    for (const app of ['portal1', 'portal2', 'acs1', 'acs2']) {
      for (const db of ['galera1', 'galera2', 'galera3']) expect(services[app]!.depends_on![db]!.condition).toBe('service_healthy');
    }
  });

  it('uses the ports and variables the apps read, with readiness as healthcheck and HAProxy check', () => {
    for (const portal of ['portal1', 'portal2']) {
      const env = services[portal]!.environment!;
      expect(env.PORT).toBe('3000');
      expect(services[portal]!.expose).toEqual(expect.arrayContaining(['3000', env.METRICS_PORT]));
      expect(services[portal]!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/api/v1/health/ready');
      expect(haproxy).toContain(`server ${portal} ${portal}:3000 check`);
    }
    for (const acs of ['acs1', 'acs2']) {
      const env = services[acs]!.environment!;
      expect(env.ACS_PORT).toBe('3001');
      expect(services[acs]!.command).toContain('apps/api/dist/acs-main.js');
      expect(services[acs]!.expose).toEqual(expect.arrayContaining(['3001', env.ACS_METRICS_PORT]));
      expect(services[acs]!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3001/health/ready');
      expect(haproxy).toContain(`server ${acs} ${acs}:3001 check`);
    }
    expect(haproxy).toContain('option httpchk GET /api/v1/health/ready');
    expect(haproxy).toContain('option httpchk GET /health/ready');
    expect(services.portal1!.environment!.SMTP_URL).toBe('smtp://mail:1025');
  });

  it('has Prometheus scrape all four metrics listeners on the ports the apps listen on', () => {
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets));
    const expected = ['portal1', 'portal2'].map((name) => `${name}:${services[name]!.environment!.METRICS_PORT}`)
      .concat(['acs1', 'acs2'].map((name) => `${name}:${services[name]!.environment!.ACS_METRICS_PORT}`));
    expect(targets.sort()).toEqual(expected.sort());
  });
});
