import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { FetchStub, json, problem, setCookies } from '../../test/fetch-stub';
import { RECENT_AUTHENTICATIONS, useCheckoutAuthenticationsStore } from './checkout-authentications';

const auth = (acsTransId: string, maskedNumber: string, transStatus: string) => ({
  acsTransId, cardId: '1', maskedNumber, at: '2026-11-25T03:00:00.000Z', merchantName: 'テスト商店',
  amount: { value: '12800', currency: '392', exponent: 0 }, transStatus, inProgress: false, challenged: true,
});

describe('checkout authentications store', () => {
  let stub: FetchStub;
  let restoreCookies: () => void;
  beforeEach(() => {
    setActivePinia(createPinia());
    stub = new FetchStub().install();
    restoreCookies = setCookies('corpweb_csrf=member');
  });
  afterEach(() => {
    stub.restore();
    restoreCookies();
  });

  it('loads the company\'s recent authentications and names each refused card once', async () => {
    stub.on('GET /checkout-authentications', json(200, {
      items: [auth('1', '3540 **** **** 1111', 'N'), auth('2', '3540 **** **** 2222', 'Y'), auth('3', '3540 **** **** 1111', 'R'), auth('4', '3540 **** **** 3333', 'U')],
    }));
    const store = useCheckoutAuthenticationsStore();
    await store.load();
    expect(stub.last().query.get('limit')).toBe(String(RECENT_AUTHENTICATIONS));
    expect(store.items).toHaveLength(4);
    expect(store.refusedCards).toEqual(['3540 **** **** 1111', '3540 **** **** 3333']);
  });

  it('keeps items null and the flag down when the request fails', async () => {
    stub.on('GET /checkout-authentications', problem(503, 'SERVICE_UNAVAILABLE'));
    const store = useCheckoutAuthenticationsStore();
    await expect(store.load()).rejects.toMatchObject({ status: 503 });
    expect(store.items).toBeNull();
    expect(store.loading).toBe(false);
  });
});
