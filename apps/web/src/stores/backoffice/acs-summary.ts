/** The issuer's daily ACS summary for a date range (business days in Asia/Tokyo). */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AcsSummaryResponse } from '@corpweb/shared-types';
import * as backofficeApi from '../../api/backoffice';
import { whileLoading } from '../loading';

/** YYYY-MM-DD of an instant in Asia/Tokyo. */
export function tokyoDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The last `days` business days up to today, as the summary's default range. */
export function recentRange(now: Date, days = 14): { from: string; to: string } {
  return { from: tokyoDate(new Date(now.getTime() - (days - 1) * 86_400_000)), to: tokyoDate(now) };
}

export const useAcsSummaryStore = defineStore('bo-acs-summary', () => {
  const summary = ref<AcsSummaryResponse | null>(null);
  const loading = ref(false);

  async function load(from: string, to: string): Promise<void> {
    return whileLoading(loading, async () => {
      summary.value = await backofficeApi.getAcsSummary({ from, to });
    });
  }

  return { summary: readonly(summary), loading: readonly(loading), load };
});
