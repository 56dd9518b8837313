import type { Ref } from 'vue';

/** Runs one request with a store's busy flag up, and puts it down however the request ends. */
export async function whileLoading<T>(flag: Ref<boolean>, work: () => Promise<T>): Promise<T> {
  flag.value = true;
  try {
    return await work();
  } finally {
    flag.value = false;
  }
}
