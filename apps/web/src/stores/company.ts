/** The member's company: its cards for the dashboard (masked, never a PAN) and the fraud-data-sharing choice. */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { CompanyCardsResponse } from '@corpweb/shared-types';
import * as memberApi from '../api/member';
import { useMemberSessionStore } from './member-session';
import { whileLoading } from './loading';

export const useCompanyStore = defineStore('company', () => {
  const cards = ref<CompanyCardsResponse | null>(null);
  const loading = ref(false);
  const saving = ref(false);

  async function loadCards(): Promise<void> {
    return whileLoading(loading, async () => {
      cards.value = await memberApi.listCompanyCards();
    });
  }

  async function saveFraudDataSharing(enabled: boolean): Promise<void> {
    return whileLoading(saving, async () => {
      const response = await memberApi.setFraudDataSharing({ enabled });
      useMemberSessionStore().setFraudDataSharing(response.enabled);
    });
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return whileLoading(saving, async () => {
      await memberApi.changePassword({ currentPassword, newPassword });
    });
  }

  return {
    cards: readonly(cards),
    loading: readonly(loading),
    saving: readonly(saving),
    loadCards,
    saveFraudDataSharing,
    changePassword,
  };
});
