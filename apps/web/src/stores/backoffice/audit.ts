/** The append-only audit log (SPEC §2 "audit"): paged reading and the hash-chain verification. */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AuditEvent, AuditVerification } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';
import { whileLoading } from '../loading';

const PAGE_SIZE = 50;

export const useAuditStore = defineStore('bo-audit', () => {
  const events = ref<AuditEvent[]>([]);
  const nextCursor = ref<string | undefined>(undefined);
  const verification = ref<AuditVerification | null>(null);
  const loading = ref(false);
  const verifying = ref(false);

  async function loadFirst(): Promise<void> {
    return whileLoading(loading, async () => {
      const page = await backofficeApi.listAuditEvents({ limit: PAGE_SIZE });
      events.value = page.items;
      nextCursor.value = page.nextCursor;
    });
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    return whileLoading(loading, async () => {
      const page = await backofficeApi.listAuditEvents({ cursor: nextCursor.value, limit: PAGE_SIZE });
      events.value = [...events.value, ...page.items];
      nextCursor.value = page.nextCursor;
    });
  }

  async function verify(): Promise<void> {
    return whileLoading(verifying, async () => {
      verification.value = await backofficeApi.verifyAuditChain();
    });
  }

  return {
    events: readonly(events),
    nextCursor: readonly(nextCursor),
    verification: readonly(verification),
    loading: readonly(loading),
    verifying: readonly(verifying),
    loadFirst,
    loadMore,
    verify,
  };
});
