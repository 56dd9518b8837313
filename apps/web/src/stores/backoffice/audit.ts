/**
 * The append-only audit log: filtered, paged reading (the filter sticks for "more" and for
 * the CSV export of the same view) and the hash-chain verification.
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { AuditEvent, AuditEventFilter, AuditVerification } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';
import { whileLoading } from '../loading';

const PAGE_SIZE = 50;

/** Trimmed, and without empty fields: what is sent and what the export link carries. */
function cleanFilter(filter: AuditEventFilter): AuditEventFilter {
  return Object.fromEntries(
    Object.entries(filter)
      .map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value])
      .filter(([, value]) => value !== undefined && value !== ''),
  ) as AuditEventFilter;
}

export const useAuditStore = defineStore('bo-audit', () => {
  const events = ref<AuditEvent[]>([]);
  const nextCursor = ref<string | undefined>(undefined);
  const filter = ref<AuditEventFilter>({});
  const verification = ref<AuditVerification | null>(null);
  const loading = ref(false);
  const verifying = ref(false);

  async function loadFirst(newFilter: AuditEventFilter = filter.value): Promise<void> {
    return whileLoading(loading, async () => {
      const applied = cleanFilter(newFilter);
      const page = await backofficeApi.listAuditEvents({ ...applied, limit: PAGE_SIZE });
      filter.value = applied;
      events.value = page.items;
      nextCursor.value = page.nextCursor;
    });
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    return whileLoading(loading, async () => {
      const page = await backofficeApi.listAuditEvents({ ...filter.value, cursor: nextCursor.value, limit: PAGE_SIZE });
      events.value = [...events.value, ...page.items];
      nextCursor.value = page.nextCursor;
    });
  }

  async function verify(): Promise<void> {
    return whileLoading(verifying, async () => {
      verification.value = await backofficeApi.verifyAuditChain();
    });
  }

  /** the export of exactly the view on screen (the applied filter, not what is half-typed in the form) */
  const exportUrl = (lang: 'ja' | 'en') => backofficeApi.auditExportUrl(filter.value, lang);

  return {
    events: readonly(events),
    nextCursor: readonly(nextCursor),
    filter: readonly(filter),
    filtered: computed(() => Object.keys(filter.value).length > 0),
    verification: readonly(verification),
    loading: readonly(loading),
    verifying: readonly(verifying),
    loadFirst,
    loadMore,
    verify,
    exportUrl,
  };
});
