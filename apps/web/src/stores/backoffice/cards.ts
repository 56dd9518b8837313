/** Card search and the supervisor's card actions: PIN unlock, reissue (new number), provisional OTP phone. */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { BackofficeCard, CardReissueRequest, CardReissueResponse } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';
import { whileLoading } from '../loading';

export const useBackofficeCardsStore = defineStore('bo-cards', () => {
  const results = ref<BackofficeCard[]>([]);
  const searched = ref(false);
  const loading = ref(false);
  const acting = ref(false);
  let lastQuery: backofficeApi.CardSearchQuery = {};

  async function search(query: backofficeApi.CardSearchQuery): Promise<void> {
    return whileLoading(loading, async () => {
      lastQuery = query;
      const response = await backofficeApi.searchCards(query);
      results.value = response.items;
      searched.value = true;
    });
  }

  async function act<T>(action: () => Promise<T>): Promise<T> {
    return whileLoading(acting, async () => {
      const result = await action();
      await search(lastQuery);
      return result;
    });
  }

  const unlock = (cardId: string) => act(() => backofficeApi.unlockCardPin(cardId));
  const reissue = (cardId: string, body: CardReissueRequest): Promise<CardReissueResponse> =>
    act(() => backofficeApi.reissueCard(cardId, body));
  const setProvisionalPhone = (cardId: string, phone: string) => act(() => backofficeApi.setProvisionalPhone(cardId, { phone }));

  return {
    results: readonly(results),
    searched: readonly(searched),
    loading: readonly(loading),
    acting: readonly(acting),
    search,
    unlock,
    reissue,
    setProvisionalPhone,
  };
});
