import { JSON_MAX_DEPTH, JSON_MAX_WIDTH, jsonShapeProblem } from './json-body.js';

describe('jsonShapeProblem', () => {
  it('accepts the contract bodies', () => {
    expect(jsonShapeProblem('{"termsVersion":"2026-04","company":{"name":"株式会社[{x"},"administrator":{"email":"a@b.jp"}}')).toBeUndefined();
    expect(jsonShapeProblem(`${'['.repeat(JSON_MAX_DEPTH)}${']'.repeat(JSON_MAX_DEPTH)}`)).toBeUndefined();
    expect(jsonShapeProblem(`[${Array.from({ length: JSON_MAX_WIDTH }, () => 1).join(',')}]`)).toBeUndefined();
  });

  it('refuses deep nesting and wide arrays or objects, outside strings only', () => {
    expect(jsonShapeProblem(`${'['.repeat(3000)}${']'.repeat(3000)}`)).toBe('DEPTH');
    expect(jsonShapeProblem(`${'{"a":'.repeat(JSON_MAX_DEPTH + 1)}1${'}'.repeat(JSON_MAX_DEPTH + 1)}`)).toBe('DEPTH');
    expect(jsonShapeProblem(`[${Array.from({ length: JSON_MAX_WIDTH + 1 }, () => 1).join(',')}]`)).toBe('WIDTH');
    expect(jsonShapeProblem(`{${Array.from({ length: 300 }, (_, i) => `"k${i}":1`).join(',')}}`)).toBe('WIDTH');
    expect(jsonShapeProblem(`{"a":"${'['.repeat(3000)}\\"${','.repeat(3000)}"}`)).toBeUndefined();
  });
});
