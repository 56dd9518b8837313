/** Public account actions that need no session: password setup/reset and the two reminders. */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import * as publicApi from '../api/public';

export const useAccountStore = defineStore('account', () => {
  const sending = ref(false);

  async function run(action: () => Promise<void>): Promise<void> {
    sending.value = true;
    try {
      await action();
    } finally {
      sending.value = false;
    }
  }

  const setupPassword = (token: string, password: string) => run(() => publicApi.setupPassword({ token, password }));
  const requestPasswordReset = (loginId: string, email: string) => run(() => publicApi.requestPasswordReset({ loginId, email }));
  const requestLoginIdReminder = (email: string) => run(() => publicApi.requestLoginIdReminder({ email }));

  return { sending: readonly(sending), setupPassword, requestPasswordReset, requestLoginIdReminder };
});
