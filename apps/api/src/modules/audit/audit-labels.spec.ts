/** Every action the API writes to the audit log has a Japanese and an English label for the staff screen and CSV. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditActionLabels } from '@corpweb/shared-types';

const src = fileURLToPath(new URL('../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('audit action labels', () => {
  it('label every action code the API appends', () => {
    const codes = new Set<string>();
    // the risk engine's rule verdicts (`action: 'DENY'`) and their OpenAPI schema are not audit actions
    for (const file of files(src).filter((path) => !path.includes('/modules/acs/risk/') && !path.includes('/openapi/'))) {
      for (const [, expression] of readFileSync(file, 'utf8').matchAll(/\baction: ([^,}\n]+)/g)) {
        // `cond === 'X' ? 'A' : 'B'`: only the branches are actions
        const branches = expression!.includes('?') ? expression!.slice(expression!.indexOf('?')) : expression!;
        for (const [, code] of branches.matchAll(/'([A-Z][A-Z0-9_]+)'/g)) codes.add(code!);
      }
    }
    expect(codes.size).toBeGreaterThan(25);
    const missing = [...codes].filter((code) => !(code in AuditActionLabels));
    expect(missing).toEqual([]);
  });
});
