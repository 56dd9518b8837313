/**
 * The issuer's contact desk (name, phone, hours): configuration, because every screen and email that tells a
 * person to call must name the same desk. Outside production the default is an obvious placeholder;
 * production refuses to start without a real phone number (a made-up number in a PIN-lock message would send
 * locked-out cardholders nowhere).
 */
import type { ContactDesk } from '@corpweb/shared-types';

type Env = Record<string, string | undefined>;

export const PLACEHOLDER_CONTACT_DESK: ContactDesk = {
  name: '法人カードデスク(開発用の仮の窓口)',
  phone: '0120-000-000',
  hours: '9:00〜17:00(土・日・祝日・年末年始を除く)',
};

export function loadContactDesk(env: Env, isProduction: boolean, problems: string[]): ContactDesk {
  const name = env.CONTACT_DESK_NAME?.trim() || undefined;
  const phone = env.CONTACT_DESK_PHONE?.trim() || undefined;
  const hours = env.CONTACT_DESK_HOURS?.trim() || undefined;
  if (phone && !/^[0-9()\- ]{6,20}$/.test(phone)) {
    problems.push(`CONTACT_DESK_PHONE must be a phone number such as 0120-123-456 (got "${phone}")`);
  }
  if (isProduction && (!name || !phone || !hours)) {
    problems.push('CONTACT_DESK_NAME, CONTACT_DESK_PHONE and CONTACT_DESK_HOURS must be set in production (the desk users are told to call)');
  }
  return {
    name: name ?? PLACEHOLDER_CONTACT_DESK.name,
    phone: phone ?? PLACEHOLDER_CONTACT_DESK.phone,
    hours: hours ?? PLACEHOLDER_CONTACT_DESK.hours,
  };
}
