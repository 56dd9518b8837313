/**
 * The issuer's daily picture of checkout authentication: per business day (TZ_BUSINESS) how many AReqs were
 * frictionless, challenged, refused or failed, the challenge success rate, and the most frequent refusal
 * reasons. Counted in SQL over one index range; the days are cut at the zone's midnights computed here.
 */
import { Inject, Injectable } from '@nestjs/common';
import { AcsConsoleLimits, type AcsSummaryDay, type AcsSummaryResponse } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AcsConsoleRepository, type SummaryRow } from './acs-console.repository.js';
import { daysInclusive, nextDate, startOfBusinessDay } from '../../common/clock/business-days.js';

type Counts = Omit<AcsSummaryDay, 'date'>;

function emptyCounts(): Counts {
  return { total: 0, frictionless: 0, attempted: 0, challenged: 0, challengeSucceeded: 0, refused: 0, failed: 0, challengeSuccessRate: null };
}

@Injectable()
export class AcsSummaryService {
  constructor(
    private readonly repository: AcsConsoleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async summarize(from: string, to: string): Promise<AcsSummaryResponse> {
    if (from > to || daysInclusive(from, to) > AcsConsoleLimits.summaryMaxDays) {
      throw AppException.validation([{ field: 'to', code: 'DATE_RANGE_INVALID' }]);
    }
    const zone = this.config.businessTimeZone;
    const dates: string[] = [];
    for (let date = from; date <= to; date = nextDate(date)) dates.push(date);
    const starts = dates.map((date) => startOfBusinessDay(date, zone));
    const start = starts[0]!;
    const end = startOfBusinessDay(nextDate(to), zone);
    const dayStarts = starts.slice(1).map((s) => Math.round((s.getTime() - start.getTime()) / 1000));

    const [rows, reasons] = await Promise.all([
      this.repository.summarize(start, end, dayStarts),
      this.repository.topRefusalReasons(start, end, AcsConsoleLimits.refusalReasonsShown),
    ]);
    const byDay = new Map<number, SummaryRow>(rows.map((row) => [Number(row.day), row]));
    const totals = emptyCounts();
    let totalEnded = 0;
    const days = dates.map((date, index): AcsSummaryDay => {
      const row = byDay.get(index);
      if (!row) return { date, ...emptyCounts() };
      const counts = {
        total: Number(row.total), frictionless: Number(row.frictionless), attempted: Number(row.attempted),
        challenged: Number(row.challenged), challengeSucceeded: Number(row.challenge_succeeded),
        refused: Number(row.refused), failed: Number(row.failed),
      };
      const ended = Number(row.challenge_ended);
      totalEnded += ended;
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) totals[key] += counts[key];
      return { date, ...counts, challengeSuccessRate: ended > 0 ? counts.challengeSucceeded / ended : null };
    });
    totals.challengeSuccessRate = totalEnded > 0 ? totals.challengeSucceeded / totalEnded : null;
    return {
      timeZone: zone, from, to, days, totals,
      topRefusalReasons: reasons.map((r) => ({ transStatus: r.trans_status, transStatusReason: r.trans_status_reason, count: Number(r.n) })),
    };
  }
}
