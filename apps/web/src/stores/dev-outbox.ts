/** The dev outbox (emails and SMS the API would send). `available` stays false when the API answers 404. */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { DevOutboxMessage } from '@corpweb/shared-types';
import * as devApi from '../api/dev';
import { loadServiceInfo, useServiceInfo } from '../composables/useServiceInfo';

export const useDevOutboxStore = defineStore('dev-outbox', () => {
  const messages = ref<DevOutboxMessage[]>([]);
  const available = ref<boolean | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      messages.value = (await devApi.getDevOutbox()).items;
      available.value = true;
    } catch {
      available.value = false;
      messages.value = [];
    } finally {
      loading.value = false;
    }
  }

  /**
   * For the "open the dev outbox" hints on other pages: GET /service-info (read once per page load anyway) says
   * whether the outbox exists, so production never sees a 404 for it in the console.
   */
  async function probe(): Promise<boolean> {
    if (available.value === null) {
      const { info } = useServiceInfo();
      await loadServiceInfo();
      return info.value?.devOutbox === true;
    }
    return available.value === true;
  }

  return { messages: readonly(messages), available: readonly(available), loading: readonly(loading), load, probe };
});
