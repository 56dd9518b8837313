/** The member's company: its cards for the dashboard (masked, never a PAN) and the fraud-data-sharing choice. */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { CompanyCardsResponse } from '@corpweb/shared-types';
import * as memberApi from '../api/member';
import { useMemberSessionStore } from './member-session';

export const useCompanyStore = defineStore('company', () => {
  const cards = ref<CompanyCardsResponse | null>(null);
  const loading = ref(false);
  const saving = ref(false);

  async function loadCards(): Promise<void> {
    loading.value = true;
    try {
      cards.value = await memberApi.listCompanyCards();
    } finally {
      loading.value = false;
    }
  }

  async function saveFraudDataSharing(enabled: boolean): Promise<void> {
    saving.value = true;
    try {
      const response = await memberApi.setFraudDataSharing({ enabled });
      useMemberSessionStore().setFraudDataSharing(response.enabled);
    } finally {
      saving.value = false;
    }
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    saving.value = true;
    try {
      await memberApi.changePassword({ currentPassword, newPassword });
    } finally {
      saving.value = false;
    }
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
