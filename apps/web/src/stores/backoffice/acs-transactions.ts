/**
 * The ACS console's transaction list (keyset pages: 次へ follows the server's cursor, 前へ goes back through the
 * cursors already seen) and one transaction's detail with the SUPERVISOR's password unlock.
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { AcsTransactionDetail, AcsTransactionListItem, AcsTransactionListQuery } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';
import { whileLoading } from '../loading';

export const ACS_PAGE_SIZE = 50;

export type AcsSearch = Omit<AcsTransactionListQuery, 'cursor' | 'limit'>;

export const useAcsTransactionsStore = defineStore('bo-acs-transactions', () => {
  const items = ref<AcsTransactionListItem[]>([]);
  const nextCursor = ref<string | undefined>(undefined);
  /** the cursor each page was read with; the first page's is undefined */
  const pageCursors = ref<(string | undefined)[]>([]);
  const criteria = ref<AcsSearch>({});
  const searched = ref(false);
  const loading = ref(false);
  const current = ref<AcsTransactionDetail | null>(null);
  const detailLoading = ref(false);
  const unlocking = ref(false);

  async function read(cursor: string | undefined): Promise<void> {
    const page = await backofficeApi.listAcsTransactions({ ...criteria.value, cursor, limit: String(ACS_PAGE_SIZE) });
    items.value = page.items;
    nextCursor.value = page.nextCursor;
  }

  /** A new search starts at the first page. */
  async function search(query: AcsSearch): Promise<void> {
    return whileLoading(loading, async () => {
      criteria.value = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as AcsSearch;
      await read(undefined);
      pageCursors.value = [undefined];
      searched.value = true;
    });
  }

  async function next(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor) return;
    return whileLoading(loading, async () => {
      await read(cursor);
      pageCursors.value = [...pageCursors.value, cursor];
    });
  }

  async function previous(): Promise<void> {
    if (pageCursors.value.length < 2) return;
    return whileLoading(loading, async () => {
      const cursors = pageCursors.value.slice(0, -1);
      await read(cursors[cursors.length - 1]);
      pageCursors.value = cursors;
    });
  }

  const pageNumber = computed(() => pageCursors.value.length);

  async function load(acsTransId: string): Promise<void> {
    return whileLoading(detailLoading, async () => {
      if (current.value?.acsTransId !== acsTransId) current.value = null;
      current.value = await backofficeApi.getAcsTransaction(acsTransId);
    });
  }

  /** Unlocks the card's fixed password, then reads the transaction again (its lock state changed). */
  async function unlockPassword(): Promise<void> {
    const transaction = current.value;
    if (!transaction?.cardId) return;
    await whileLoading(unlocking, () => backofficeApi.unlockAcsPassword(transaction.cardId!));
    await load(transaction.acsTransId);
  }

  return {
    items: readonly(items),
    nextCursor: readonly(nextCursor),
    criteria: readonly(criteria),
    searched: readonly(searched),
    loading: readonly(loading),
    pageNumber,
    current: readonly(current),
    detailLoading: readonly(detailLoading),
    unlocking: readonly(unlocking),
    search,
    next,
    previous,
    load,
    unlockPassword,
  };
});
