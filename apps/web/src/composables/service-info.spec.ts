import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { useDevOutboxStore } from '../stores/dev-outbox';
import { FetchStub, json, problem } from '../../test/fetch-stub';
import { loadServiceInfo, resetServiceInfo, useServiceInfo } from './useServiceInfo';

const desk = { name: '法人カードデスク', phone: '0120-123-456', hours: '9:00〜17:00' };

describe('service info (contact desk and maintenance window from the API)', () => {
  let stub: FetchStub;
  beforeEach(() => {
    resetServiceInfo();
    stub = new FetchStub().install();
  });
  afterEach(() => stub.restore());

  it('shows the configured window as the notices write it, not a fixed 5:00〜7:00', async () => {
    stub.on('GET /service-info', json(200, { contactDesk: desk, maintenanceWindow: { start: '02:30', end: '04:00', timeZone: 'Asia/Tokyo' } }));
    const { contactDesk, maintenanceWindow } = useServiceInfo();
    await loadServiceInfo();
    expect(maintenanceWindow.value).toEqual({ start: '2:30', end: '4:00', timeZone: 'Asia/Tokyo' });
    expect(contactDesk.value).toEqual(desk);
  });

  it('has no window when it is disabled, and asks the API once', async () => {
    stub.on('GET /service-info', json(200, { contactDesk: desk, maintenanceWindow: null }));
    useServiceInfo();
    const { maintenanceWindow } = useServiceInfo();
    await loadServiceInfo();
    expect(maintenanceWindow.value).toBeNull();
    expect(stub.requests.filter((r) => r.path === '/service-info')).toHaveLength(1);
  });

  it('asks again after a failure', async () => {
    stub.on('GET /service-info', problem(500, 'INTERNAL'));
    stub.on('GET /service-info', json(200, { contactDesk: desk, maintenanceWindow: null }));
    await loadServiceInfo();
    expect(useServiceInfo().contactDesk.value).toBeNull();
    await loadServiceInfo();
    expect(useServiceInfo().contactDesk.value).toEqual(desk);
  });

  it.each([true, false])('tells the dev outbox hints whether to show (devOutbox %s) without asking GET /dev/outbox', async (devOutbox) => {
    setActivePinia(createPinia());
    stub.on('GET /service-info', json(200, { contactDesk: desk, maintenanceWindow: null, devOutbox }));
    expect(await useDevOutboxStore().probe()).toBe(devOutbox);
    expect(stub.requests.map((r) => r.path)).toEqual(['/service-info']);
  });
});
