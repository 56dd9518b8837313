/**
 * Card master import: the CSV is sent as is (`text/csv`), the API answers 202 with an import id and works
 * in the background; this store polls the progress until the import is COMPLETED or FAILED.
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { CardImportProgress, FieldErrorCode } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';

export const POLL_INTERVAL_MS = 1000;

export const useCardImportStore = defineStore('bo-card-import', () => {
  const importId = ref<string | null>(null);
  const progress = ref<CardImportProgress | null>(null);
  const uploading = ref(false);
  const pollError = ref<unknown>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const finished = computed(() => progress.value?.status === 'COMPLETED' || progress.value?.status === 'FAILED');
  /** 0–100; an import with no rows is complete at 100 */
  const percent = computed(() => {
    const p = progress.value;
    if (!p) return 0;
    if (p.total === 0) return finished.value ? 100 : 0;
    return Math.min(100, Math.round((p.processed / p.total) * 100));
  });

  /** what the run came to: still running, everything imported, some lines refused, nothing imported, or failed */
  const outcome = computed<'running' | 'imported' | 'partial' | 'none' | 'failed'>(() => {
    const p = progress.value;
    if (!p || !finished.value) return 'running';
    if (p.status === 'FAILED') return 'failed';
    const imported = p.processed - p.failed;
    if (imported === 0) return 'none';
    return p.failed > 0 ? 'partial' : 'imported';
  });
  const imported = computed(() => (progress.value ? progress.value.processed - progress.value.failed : 0));
  /** one row per refused line with every reason it was refused for */
  const errorsByLine = computed(() => {
    const lines = new Map<number, FieldErrorCode[]>();
    for (const error of progress.value?.errors ?? []) lines.set(error.line, [...(lines.get(error.line) ?? []), error.code]);
    return [...lines].map(([line, codes]) => ({ line, codes }));
  });

  async function upload(file: Blob): Promise<void> {
    stopPolling();
    uploading.value = true;
    try {
      progress.value = null;
      pollError.value = null;
      const accepted = await backofficeApi.uploadCardImport(file);
      importId.value = accepted.importId;
    } finally {
      uploading.value = false;
    }
    await poll();
  }

  async function poll(): Promise<void> {
    if (!importId.value) return;
    try {
      progress.value = await backofficeApi.getCardImport(importId.value);
      pollError.value = null;
    } catch (error) {
      pollError.value = error;
      return;
    }
    if (!finished.value) timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
  }

  function stopPolling() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  return {
    importId: readonly(importId),
    progress: readonly(progress),
    uploading: readonly(uploading),
    pollError: readonly(pollError),
    finished,
    percent,
    outcome,
    imported,
    errorsByLine,
    upload,
    poll,
    stopPolling,
  };
});
