/** The member dashboard's recent checkout (3-D Secure) authentications of the company's cards. */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { CheckoutAuthentication } from '@corpweb/shared-types';
import * as memberApi from '../api/member';
import { whileLoading } from './loading';

export const RECENT_AUTHENTICATIONS = 20;

export const useCheckoutAuthenticationsStore = defineStore('checkout-authentications', () => {
  const items = ref<CheckoutAuthentication[] | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    return whileLoading(loading, async () => {
      items.value = (await memberApi.listCheckoutAuthentications(RECENT_AUTHENTICATIONS)).items;
    });
  }

  /** Cards whose latest authentications were refused or failed, newest first: the administrator's warning. */
  const refusedCards = computed(() => {
    const cards = new Set<string>();
    for (const item of items.value ?? []) if (['N', 'R', 'U'].includes(item.transStatus)) cards.add(item.maskedNumber);
    return [...cards];
  });

  return { items: readonly(items), loading: readonly(loading), refusedCards, load };
});
