import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { FetchStub, json, problem, setCookies } from '../../test/fetch-stub';
import { useDashboardStore } from './dashboard';

const CARDS = { items: [], summary: { NOT_REGISTERED: 0, REGISTERED: 0, REREGISTRATION_REQUIRED: 0 } };

describe('dashboard store', () => {
  let stub: FetchStub;
  let restoreCookies: () => void;
  beforeEach(() => {
    setActivePinia(createPinia());
    stub = new FetchStub().install();
    restoreCookies = setCookies('corpweb_csrf=member');
    stub.on('GET /checkout-authentications', json(200, { items: [] }));
  });
  afterEach(() => {
    stub.restore();
    restoreCookies();
  });

  const asked = (route: string) => stub.requests.filter((r) => `${r.method} ${r.path}` === route).length;

  it('hands the page the load the route started: one request per list', async () => {
    stub.on('GET /cards', json(200, CARDS));
    const dashboard = useDashboardStore();
    dashboard.start();
    const load = await dashboard.take();
    expect(load).toEqual({ cardsError: null, checkoutsError: null });
    expect(asked('GET /cards')).toBe(1);
    expect(asked('GET /checkout-authentications')).toBe(1);
  });

  it('adds no second set of requests when the page took its load before the route started one', async () => {
    stub.on('GET /cards', json(200, CARDS));
    const dashboard = useDashboardStore();
    const taken = dashboard.take();
    dashboard.start();
    await taken;
    expect(asked('GET /cards')).toBe(1);
    expect(asked('GET /checkout-authentications')).toBe(1);
    // once answered, the next visit loads afresh
    dashboard.start();
    await dashboard.take();
    expect(asked('GET /cards')).toBe(2);
  });

  it('reports a failing list without hiding the other', async () => {
    stub.on('GET /cards', problem(503, 'SERVICE_UNAVAILABLE'));
    const dashboard = useDashboardStore();
    dashboard.start();
    const load = await dashboard.take();
    expect(load.cardsError).toMatchObject({ status: 503 });
    expect(load.checkoutsError).toBeNull();
  });
});
