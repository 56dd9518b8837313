/**
 * What `pnpm start` prints once the API listens: where to go, the back-office login, the dev outbox — and,
 * between the maintenance window's start and end, that every API call answers 503 for now (a newcomer trying
 * it at 06:00 JST would otherwise see a "running" banner and a dead site).
 */
import type { AppConfig } from './config/app-config.js';
import { secondsUntilWindowEnds } from './modules/maintenance/maintenance-window.js';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** What the banner says of the first supervisor's login. */
function staffLoginHint(staff: NonNullable<AppConfig['initialStaff']>, env: AppConfig['env'], passwordLogsIn: boolean | undefined): string {
  if (env === 'production') return `ID ${staff.loginId} / password from INITIAL_STAFF_PASSWORD`;
  if (passwordLogsIn === false) {
    return `ID ${staff.loginId}: this database's supervisor has another password than .data/dev-staff.json's; drop the database to start afresh`;
  }
  return `ID ${staff.loginId} / password ${staff.password}`;
}

/** `initialPasswordLogsIn`: false when the database's supervisor was created with another password (StaffAccountsService) */
export function startupBanner(config: AppConfig, appliedMigrations: number, now: Date, initialPasswordLogsIn?: boolean): string[] {
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  法人Webサービス is running: ${url}`,
    ...(config.apiDocs ? [`  API docs (OpenAPI):        ${url}/api/docs  (JSON: ${url}/api/docs/openapi.json)`] : []),
    `  migrations applied now:    ${appliedMigrations ? appliedMigrations : 'none (up to date)'}`,
    config.initialStaff
      ? `  back office login:         ${url}/backoffice/login  (${staffLoginHint(config.initialStaff, config.env, initialPasswordLogsIn)})`
      : '  back office login:         set INITIAL_STAFF_LOGIN_ID / INITIAL_STAFF_PASSWORD to create the first supervisor',
    config.devOutbox
      ? `  emails and SMS (dev):      ${url}/dev/outbox  (JSON: ${url}/api/v1/dev/outbox)`
      : '  emails and SMS:            delivered through SMTP_URL / SMS_GATEWAY_URL',
  ];
  const window = config.maintenanceWindow;
  const closedFor = secondsUntilWindowEnds(now, window, config.businessTimeZone);
  if (window && closedFor !== undefined) {
    lines.push(
      '',
      `  !! MAINTENANCE WINDOW NOW (${hhmm(window.start)}-${hhmm(window.end)} ${config.businessTimeZone}): every API call answers`,
      `  !! 503 MAINTENANCE for ${Math.ceil(closedFor / 60)} more minutes and the site shows the maintenance page.`,
      '  !! To try it now, restart with MAINTENANCE_WINDOW= (empty disables the window).',
    );
  } else if (window) {
    lines.push(`  maintenance window:        daily ${hhmm(window.start)}-${hhmm(window.end)} ${config.businessTimeZone} (API answers 503 then)`);
  }
  lines.push('');
  return lines;
}
