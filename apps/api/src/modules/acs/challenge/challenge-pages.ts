/**
 * Renders the challenge pages with Eta (auto-escaping on: merchant names and echoed input come from outside).
 * Pages work without JavaScript; the only script posts the final CRes form that is otherwise one button away.
 */
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AcsErrorMessage, ChallengeWindowSize } from '@corpweb/shared-types';
import { CHALLENGE_TEXTS, type ChallengeLanguage } from './challenge-texts.js';

const VIEWS = fileURLToPath(new URL('../views/', import.meta.url));
export const ASSET_BASE = '/3ds/v2/assets';
/** Posts the final CRes as soon as the page is shown; without script the page's visible button does it. */
const AUTO_SUBMIT_JS = "document.querySelectorAll('form[data-auto-submit]').forEach(function (form) { form.submit(); });\n";

export interface ChallengeForm {
  language: ChallengeLanguage;
  windowSize: ChallengeWindowSize;
  action: string;
  acsTransId: string;
  stepToken: string;
  merchantName: string;
  amount: string;
  maskedCard: string;
  method: 'OTP' | 'PASSWORD';
  maskedPhone?: string;
  secureId?: string;
  error?: string;
  remaining?: number;
  notice?: string;
  resendsLeft?: number;
}

@Injectable()
export class ChallengePages {
  private readonly eta = new Eta({ views: VIEWS, autoEscape: true, cache: true });
  readonly assets: Record<string, { type: string; body: string }> = {
    'challenge.css': { type: 'text/css; charset=utf-8', body: readFileSync(`${VIEWS}challenge.css`, 'utf8') },
    'auto-submit.js': { type: 'text/javascript; charset=utf-8', body: AUTO_SUBMIT_JS },
  };

  challenge(form: ChallengeForm): string {
    const t = CHALLENGE_TEXTS[form.language];
    const body = this.eta.render('challenge', { ...form, secureId: form.secureId ?? '', t });
    return this.layout(form.language, form.windowSize, t.title, body);
  }

  result(p: { language: ChallengeLanguage; windowSize: ChallengeWindowSize; transStatus: 'Y' | 'N' | 'U'; notificationUrl: string; cres: string; sessionData: string | null }): string {
    const t = CHALLENGE_TEXTS[p.language];
    const body = this.eta.render('result', { ...p, heading: t.done[p.transStatus], t, assetBase: ASSET_BASE });
    return this.layout(p.language, p.windowSize, t.title, body);
  }

  error(p: { language: ChallengeLanguage; windowSize?: ChallengeWindowSize; erro: AcsErrorMessage; message?: string }): string {
    const t = CHALLENGE_TEXTS[p.language];
    const erroJson = JSON.stringify(p.erro).replace(/</g, '\\u003c');
    const body = this.eta.render('error', { erro: p.erro, erroJson, message: p.message ?? t.errorLead, t });
    return this.layout(p.language, p.windowSize ?? '05', t.errorTitle, body);
  }

  private layout(lang: ChallengeLanguage, windowSize: string, pageTitle: string, body: string): string {
    const t = CHALLENGE_TEXTS[lang];
    return this.eta.render('layout', { lang, windowSize, pageTitle, body, t, assetBase: ASSET_BASE });
  }
}
