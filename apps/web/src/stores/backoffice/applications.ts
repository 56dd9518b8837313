/**
 * Sign-up review (SPEC §1 step 2): the application list with keyset paging (the API's opaque nextCursor),
 * one application's detail, and the decisions. Approval and rejection are final: a second one is 409.
 */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { ApplicationDetail, ApplicationStatus, ApplicationSummary } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';

const PAGE_SIZE = 20;

export const useApplicationsStore = defineStore('bo-applications', () => {
  const items = ref<ApplicationSummary[]>([]);
  const nextCursor = ref<string | undefined>(undefined);
  const status = ref<ApplicationStatus | undefined>('RECEIVED');
  const current = ref<ApplicationDetail | null>(null);
  const loading = ref(false);
  const deciding = ref(false);

  async function loadFirst(filter: ApplicationStatus | undefined): Promise<void> {
    loading.value = true;
    try {
      status.value = filter;
      const page = await backofficeApi.listApplications({ status: filter, limit: PAGE_SIZE });
      items.value = page.items;
      nextCursor.value = page.nextCursor;
    } finally {
      loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    loading.value = true;
    try {
      const page = await backofficeApi.listApplications({ status: status.value, cursor: nextCursor.value, limit: PAGE_SIZE });
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
    } finally {
      loading.value = false;
    }
  }

  async function load(applicationId: string): Promise<void> {
    loading.value = true;
    try {
      current.value = null;
      current.value = await backofficeApi.getApplication(applicationId);
    } finally {
      loading.value = false;
    }
  }

  async function approve(applicationId: string): Promise<string> {
    deciding.value = true;
    try {
      const { memberLoginId } = await backofficeApi.approveApplication(applicationId);
      current.value = await backofficeApi.getApplication(applicationId);
      return memberLoginId;
    } finally {
      deciding.value = false;
    }
  }

  async function reject(applicationId: string, reason: string): Promise<void> {
    deciding.value = true;
    try {
      await backofficeApi.rejectApplication(applicationId, { reason });
      current.value = await backofficeApi.getApplication(applicationId);
    } finally {
      deciding.value = false;
    }
  }

  async function addNote(applicationId: string, text: string): Promise<void> {
    deciding.value = true;
    try {
      await backofficeApi.addApplicationNote(applicationId, { text });
      current.value = await backofficeApi.getApplication(applicationId);
    } finally {
      deciding.value = false;
    }
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
