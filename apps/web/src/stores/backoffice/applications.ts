/**
 * Sign-up review: the application list with keyset paging (the API's opaque nextCursor),
 * one application's detail, and the decisions. Approval and rejection are final: a second one is 409.
 */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { ApplicationDetail, ApplicationStatus, ApplicationSummary } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';
import { whileLoading } from '../loading';

const PAGE_SIZE = 20;

export const useApplicationsStore = defineStore('bo-applications', () => {
  const items = ref<ApplicationSummary[]>([]);
  const nextCursor = ref<string | undefined>(undefined);
  const status = ref<ApplicationStatus | undefined>('RECEIVED');
  const current = ref<ApplicationDetail | null>(null);
  const loading = ref(false);
  const deciding = ref(false);

  async function loadFirst(filter: ApplicationStatus | undefined): Promise<void> {
    return whileLoading(loading, async () => {
      status.value = filter;
      const page = await backofficeApi.listApplications({ status: filter, limit: PAGE_SIZE });
      items.value = page.items;
      nextCursor.value = page.nextCursor;
    });
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    return whileLoading(loading, async () => {
      const page = await backofficeApi.listApplications({ status: status.value, cursor: nextCursor.value, limit: PAGE_SIZE });
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
    });
  }

  async function load(applicationId: string): Promise<void> {
    return whileLoading(loading, async () => {
      current.value = null;
      current.value = await backofficeApi.getApplication(applicationId);
    });
  }

  async function approve(applicationId: string): Promise<string> {
    return whileLoading(deciding, async () => {
      const { memberLoginId } = await backofficeApi.approveApplication(applicationId);
      current.value = await backofficeApi.getApplication(applicationId);
      return memberLoginId;
    });
  }

  async function reject(applicationId: string, reason: string): Promise<void> {
    return whileLoading(deciding, async () => {
      await backofficeApi.rejectApplication(applicationId, { reason });
      current.value = await backofficeApi.getApplication(applicationId);
    });
  }

  async function addNote(applicationId: string, text: string): Promise<void> {
    return whileLoading(deciding, async () => {
      await backofficeApi.addApplicationNote(applicationId, { text });
      current.value = await backofficeApi.getApplication(applicationId);
    });
  }

  return {
    items: readonly(items),
    nextCursor: readonly(nextCursor),
    status: readonly(status),
    current: readonly(current),
    loading: readonly(loading),
    deciding: readonly(deciding),
    loadFirst,
    loadMore,
    load,
    approve,
    reject,
    addNote,
  };
});
