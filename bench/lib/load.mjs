/**
 * One load scenario = one autocannon run from this process (the servers are other processes), reduced to
 * the figures the report needs: req/s, p50/p99, errors and non-2xx answers (with the first refusal's body, so
 * a broken scenario says why).
 */
import autocannon from 'autocannon';
import { CONNECTIONS, DURATION, log } from './common.mjs';

/**
 * @param {object} options
 * @param {string} options.url base URL (http://127.0.0.1:port)
 * @param {() => {method?: string, path: string, headers?: object, body?: string}} options.next builds each request
 */
export async function runLoad(name, { url, next, connections = CONNECTIONS, duration = DURATION, overallRate, captureErrors = true, quiet = false, expect }) {
  let firstError;
  let wrong = 0;
  let firstWrong;
  const request = {
    setupRequest: (defaults) => {
      const built = next();
      return {
        ...defaults,
        method: built.method ?? 'GET',
        path: built.path,
        headers: { ...defaults.headers, ...(built.headers ?? {}) },
        body: built.body ?? undefined,
      };
    },
  };
  if (captureErrors || expect) {
    request.onResponse = (status, body) => {
      if ((status < 200 || status > 299) && firstError === undefined) firstError = `${status} ${String(body).slice(0, 300)}`;
      // EMV messages answer HTTP 200 even for an Erro or a refusal: `expect` says whether the answer is the wanted one
      const problem = expect?.(status, body);
      if (problem) {
        wrong += 1;
        firstWrong ??= problem;
      }
    };
  }
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 15,
    ...(overallRate ? { overallRate } : {}),
    requests: [request],
  });
  const summary = {
    name,
    connections: overallRate && overallRate < connections ? overallRate : connections,
    ...(overallRate ? { overallRate } : {}),
    seconds: result.duration,
    requests: result.requests.total ?? result.totalCompletedRequests,
    rps: Number(result.requests.average.toFixed(1)),
    ok: result['2xx'],
    okPerSecond: Number((result['2xx'] / result.duration).toFixed(1)),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: Number(result.latency.average.toFixed(1)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count])),
    ...(firstError ? { firstError } : {}),
    ...(expect ? { wrongAnswers: wrong, ...(firstWrong ? { firstWrongAnswer: firstWrong } : {}) } : {}),
  };
  if (!quiet) {
    log(`${name}: ${summary.rps} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, errors ${summary.errors}, non-2xx ${summary.non2xx}` +
      (firstError ? ` (first: ${firstError.slice(0, 160)})` : '') +
      (expect ? `, wrong answers ${wrong}${firstWrong ? ` (first: ${firstWrong.slice(0, 160)})` : ''}` : ''));
  }
  return summary;
}

/** Round-robin over a list, so consecutive requests use different sessions / cards. */
export function rotating(items) {
  let index = 0;
  return () => {
    const item = items[index];
    index = (index + 1) % items.length;
    return item;
  };
}

/** The middle one of three runs by `key` (req/s unless told): what a scenario measured in three runs reports. */
export function medianRun(runs, key = 'rps') {
  return [...runs].sort((a, b) => a[key] - b[key])[Math.floor(runs.length / 2)];
}
