/**
 * The demo shop (issue 12): a checkout that plays merchant, 3DS Server and Directory Server.
 *
 *   GET  /                      checkout form (Japanese; `?lang=en` English)
 *   POST /checkout              sends the AReq; frictionless → result, C → challenge page, Erro → result
 *   GET  /orders/:id/challenge  the ACS's challenge in an iframe, the CReq posted into it (a visible button without JS)
 *   POST /3ds/notification      the notificationURL: the final CRes arrives inside the iframe, the page breaks out
 *   POST /ds/rreq               the DS: RReq in, RRes out (what ACS_DS_URL points at in development)
 *   GET  /orders/:id            the result: transStatus, reason, ECI, and whether the authenticationValue verified
 *
 * Server-rendered with eta (autoEscape on), no cookies (orders are found by an unguessable id), no script needed:
 * `assets/shop.js` only fills the browser fields, submits the CReq form and breaks out of the iframe sooner.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { browserInfo, defaultValues, firstLanguage, parseCheckout, type CheckoutErrors, type CheckoutValues } from './checkout-form.js';
import type { DemoConfig } from './config.js';
import { messages, toLang, type Lang, type Messages } from './i18n.js';
import { OrderStore, outcomeOf, verifyOnce, type Order } from './orders.js';
import {
  buildAReq,
  buildCReq,
  ChallengeWindowSizes,
  decodeCRes,
  decodeSessionData,
  encodeCReq,
  encodeSessionData,
  maskMessage,
  MessageVersions,
  RReqReceiver,
  sendAReq,
  type CRes,
  type HttpOptions,
  type MerchantProfile,
} from './three-ds-simulator.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** the simulator's memory, for tests and for whoever embeds the shop */
    demo: { orders: OrderStore; rreqs: RReqReceiver; config: DemoConfig };
  }
}

export interface DemoShopOptions {
  /** fastify logger (off by default: tests run many shops) */
  logger?: boolean;
  /** how long the result page waits for a late RReq before rendering "still waiting" */
  rreqWaitMs?: number;
  http?: HttpOptions;
  now?: () => Date;
}

const VIEWS = fileURLToPath(new URL('../views', import.meta.url));
const ASSETS = fileURLToPath(new URL('../assets/', import.meta.url));
const assets = {
  'shop.css': { type: 'text/css; charset=utf-8', body: readFileSync(`${ASSETS}shop.css`, 'utf8') },
  'shop.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(`${ASSETS}shop.js`, 'utf8') },
} as const;

const ORDER_ID = /^[0-9a-f-]{36}$/;

export function merchantProfile(config: DemoConfig): MerchantProfile {
  return {
    name: 'Corpweb Demo Shop',
    mcc: '5999',
    countryCode: '392',
    acquirerBIN: '356999',
    acquirerMerchantID: 'CORPWEB-DEMO-0001',
    requestorID: 'CORPWEB-DEMO-3DSREQ-0001',
    requestorName: 'Corpweb Demo Shop (simulator)',
    requestorURL: `${config.publicUrl}/`,
  };
}

export function createDemoShop(config: DemoConfig, options: DemoShopOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 });
  const now = options.now ?? (() => new Date());
  const orders = new OrderStore();
  const rreqs = new RReqReceiver(10_000, now);
  const rreqWaitMs = options.rreqWaitMs ?? 5_000;
  const eta = new Eta({ views: VIEWS, autoEscape: true, cache: true, useWith: false });
  app.decorate('demo', { orders, rreqs, config });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** pages may frame only the ACS (and themselves, for the notification page) and be framed only by the shop */
  const csp = (extraOrigin?: string) => {
    const origins = [...new Set([new URL(config.acsPublicUrl).origin, ...(extraOrigin ? [extraOrigin] : [])])].join(' ');
    return [
      "default-src 'none'", "style-src 'self'", "script-src 'self'", "img-src 'self' data:", "base-uri 'none'",
      `form-action 'self' ${origins}`, `frame-src 'self' ${origins}`, "frame-ancestors 'self'",
    ].join('; ');
  };
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', csp());
      reply.header('cache-control', 'no-store');
    }
  });

  const page = (reply: FastifyReply, view: string, lang: Lang, data: Record<string, unknown>, status = 200) => {
    const t = messages[lang];
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(eta.render(view, { t, lang, ...data }));
  };
  const langOf = (request: FastifyRequest) => toLang((request.query as Record<string, unknown> | undefined)?.lang);
  const switchUrl = (path: string, lang: Lang) => `${path}?lang=${messages[lang].otherLangCode}`;

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (request.url.startsWith('/ds/')) {
      // a DS answers every message with a message: malformed JSON is an Erro 101, at HTTP 200
      if (status === 500) request.log.error(error);
      return reply.code(200).send({
        messageType: 'Erro', messageVersion: '2.2.0', errorComponent: 'D', errorMessageType: 'RReq',
        ...(status === 500
          ? { errorCode: '404', errorDescription: 'Transient system failure', errorDetail: 'DS simulator' }
          : { errorCode: '101', errorDescription: 'Message received invalid', errorDetail: 'not JSON' }),
      });
    }
    if (status === 500) request.log.error(error);
    return reply.code(status).type('text/plain; charset=utf-8').send(status === 500 ? 'Internal Server Error' : error.message);
  });

  app.get('/assets/:name', async (request, reply) => {
    const name = (request.params as { name: string }).name;
    const asset = Object.hasOwn(assets, name) ? assets[name as keyof typeof assets] : undefined;
    if (!asset) return reply.code(404).type('text/plain').send('Not Found');
    return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  });

  const renderCheckout = (
    request: FastifyRequest, reply: FastifyReply, lang: Lang, values: CheckoutValues, errors: CheckoutErrors, status = 200,
  ) =>
    page(reply, 'checkout', lang, {
      title: messages[lang].checkoutTitle,
      languages: [...new Set(['ja-JP', 'en-US', firstLanguage(request.headers['accept-language']) ?? 'ja-JP', values.browserLanguage])]
        .filter((language) => language !== ''),
      switchUrl: switchUrl('/', lang),
      values,
      errors,
      versions: MessageVersions,
      windowSizes: Object.entries(ChallengeWindowSizes).map(([code, size]) => ({ code, ...size })),
      // the ACS posts the final CRes inside the iframe to the notificationURL, on the configured origin, whose pages
      // only that origin may frame: a shop page opened at another address (127.0.0.1 for localhost) never sees it
      otherAddress: request.headers.host !== new URL(config.publicUrl).host ? `${config.publicUrl}/${lang === 'en' ? '?lang=en' : ''}` : undefined,
    }, status);

  app.get('/', async (request, reply) => {
    const lang = langOf(request);
    return renderCheckout(request, reply, lang, defaultValues(lang), {});
  });

  app.post('/checkout', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const lang = toLang(form.lang);
    const { values, errors, checkout } = parseCheckout(form);
    if (!checkout) return renderCheckout(request, reply, lang, values, errors, 422);

    const areq = buildAReq({
      messageVersion: checkout.messageVersion,
      acctNumber: checkout.acctNumber,
      cardExpiryDate: checkout.cardExpiryDate,
      amount: checkout.amount,
      purchaseDate: now(),
      challengeIndicator: checkout.challengeMandated ? '04' : '01',
      notificationURL: `${config.publicUrl}/3ds/notification`,
      browser: browserInfo(request.headers, request.ip, form, checkout.browserLanguage),
      merchant: merchantProfile(config),
      dsURL: `${config.publicUrl}/ds/rreq`,
    });
    const answer = await sendAReq(config.acsPublicUrl, areq, options.http);
    const order: Order = { id: randomUUID(), createdAt: now(), lang, checkout, areq, answer };
    if (answer.kind === 'ARes' && answer.ares.transStatus === 'C') {
      order.creq = buildCReq(answer.ares, checkout.windowSize);
    }
    orders.add(order);
    if (answer.kind === 'invalid') request.log.warn({ problem: answer.problem }, 'no usable answer from the ACS');
    return reply.redirect(order.creq ? `/orders/${order.id}/challenge` : `/orders/${order.id}`, 303);
  });

  const findOrder = (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    return ORDER_ID.test(id) ? orders.get(id) : undefined;
  };
  const notFound = (reply: FastifyReply, lang: Lang) =>
    page(reply, 'not-found', lang, { title: messages[lang].orderNotFound, switchUrl: switchUrl('/', lang) }, 404);

  app.get('/orders/:id/challenge', async (request, reply) => {
    const order = findOrder(request);
    const query = request.query as Record<string, unknown>;
    if (!order) return notFound(reply, langOf(request));
    const lang = query.lang === undefined ? order.lang : langOf(request);
    // a challenge that ended (CRes back, or the ACS's RReq after a timeout) shows its result instead
    const ended = order.answer.kind !== 'ARes' || order.cres || rreqs.get(order.answer.ares.acsTransID);
    if (!order.creq || ended || order.answer.kind !== 'ARes') return reply.redirect(`/orders/${order.id}`, 303);
    const acsURL = order.answer.ares.acsURL!;
    const size = ChallengeWindowSizes[order.creq.challengeWindowSize];
    return page(reply, 'challenge', lang, {
      title: messages[lang].challengeTitle,
      // no language switch here: reloading would post the CReq a second time mid-challenge
      switchUrl: undefined,
      order: summary(order, messages[lang]),
      acsURL,
      creq: encodeCReq(order.creq),
      threeDSSessionData: encodeSessionData({ orderId: order.id }),
      windowSize: order.creq.challengeWindowSize,
      width: size.width,
      height: size.height,
    }).header('content-security-policy', csp(new URL(acsURL).origin));
  });

  app.post('/3ds/notification', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    let cres: CRes | undefined;
    let order: Order | undefined;
    try {
      cres = decodeCRes(form.cres ?? '');
      const session = form.threeDSSessionData ? (decodeSessionData(form.threeDSSessionData) as { orderId?: unknown }) : {};
      const candidate = typeof session.orderId === 'string' ? orders.get(session.orderId) : orders.byAcsTransId(cres.acsTransID);
      if (
        candidate?.answer.kind === 'ARes' &&
        candidate.answer.ares.acsTransID === cres.acsTransID &&
        candidate.areq.threeDSServerTransID === cres.threeDSServerTransID
      ) {
        order = candidate;
      }
    } catch {
      cres = undefined;
    }
    if (!cres || !order) {
      const lang = toLang(order?.lang);
      return page(reply, 'notification', lang, { title: messages[lang].notificationInvalid, resultUrl: '/', invalid: true }, 400);
    }
    if (!order.cres) {
      order.cres = cres;
      order.cresAt = now();
    }
    return page(reply, 'notification', order.lang, {
      title: messages[order.lang].notificationTitle,
      resultUrl: `/orders/${order.id}`,
      invalid: false,
    });
  });

  app.post('/ds/rreq', async (_request, reply) => {
    const outcome = rreqs.receive(_request.body);
    if (outcome.kind === 'rejected') _request.log.warn({ erro: outcome.answer }, 'RReq refused');
    else if (outcome.kind === 'conflict') _request.log.warn({ acsTransID: outcome.record.rreq.acsTransID }, 'a second, different RReq');
    return reply.code(200).type('application/json').send(outcome.answer);
  });

  app.get('/orders/:id', async (request, reply) => {
    const order = findOrder(request);
    const query = request.query as Record<string, unknown>;
    if (!order) return notFound(reply, langOf(request));
    const lang = query.lang === undefined ? order.lang : langOf(request);
    const t = messages[lang];
    const acsTransID = order.answer.kind === 'ARes' ? order.answer.ares.acsTransID : undefined;
    let rreq = acsTransID ? rreqs.get(acsTransID) : undefined;
    let outcome = outcomeOf(order, rreq, now());
    if (outcome.phase === 'awaiting-rreq' && !outcome.late && acsTransID) {
      // the RReq usually lands within a second of the CRes: wait here rather than make the shopper reload
      rreq = await rreqs.waitFor(acsTransID, rreqWaitMs).catch(() => undefined);
      outcome = outcomeOf(order, rreq, now());
    }
    const verification = await verifyOnce(order, outcome, config.acsPublicUrl, config.acsVerifyToken());
    const timeline: { label: string; json: string }[] = [];
    const add = (label: string, message: unknown) => timeline.push({ label, json: JSON.stringify(maskMessage(message), null, 2) });
    add('AReq', order.areq);
    if (order.answer.kind === 'ARes') add('ARes', order.answer.ares);
    else if (order.answer.kind === 'Erro') add('Erro', order.answer.erro);
    else add('—', { problem: order.answer.problem, httpStatus: order.answer.httpStatus, body: order.answer.body });
    if (order.creq) add('CReq', order.creq);
    if (order.cres) add('CRes', order.cres);
    if (rreq) {
      add(`RReq${rreq.deliveries > 1 ? ` ×${rreq.deliveries}` : ''}`, rreq.rreq);
      add('RRes', rreq.rres);
    }
    if (verification) add('verification', await verification);
    return page(reply, 'result', lang, {
      title: t.resultTitle,
      switchUrl: switchUrl(`/orders/${order.id}`, lang),
      order: summary(order, t),
      outcome,
      verification: verification ? await verification : undefined,
      timeline,
      selfUrl: `/orders/${order.id}`,
      challengeUrl: `/orders/${order.id}/challenge`,
      acsTransID,
      acsPublicUrl: config.acsPublicUrl,
    });
  });

  return app;
}

function summary(order: Order, t: Messages) {
  const pan = order.checkout.acctNumber;
  return {
    id: order.id,
    amount: `¥${order.checkout.amount.toLocaleString('en-US')}`,
    card: `**** ${pan.slice(-4)}`,
    messageVersion: order.areq.messageVersion,
    merchantName: t.merchantName,
  };
}
