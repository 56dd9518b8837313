/**
 * Turns API errors into sentences for people: every ErrorCode and FieldErrorCode has a message in ja and en
 * (checked by i18n.spec.ts), so no raw code is ever shown. Unexpected errors get the support id (`instance`).
 */
import { useI18n } from 'vue-i18n';
import type { FieldErrorCode } from '@corpweb/shared-types';
import { isApiError } from '../api/client';

export function useErrorMessages() {
  const { t, te } = useI18n();

  function errorMessage(error: unknown): string {
    if (!isApiError(error)) return t('errors.fallback');
    const key = `errors.code.${error.code}`;
    const message = te(key, 'ja') ? t(key) : t('errors.fallback');
    return error.instance && error.status >= 500 ? `${message} ${t('common.supportId', { id: error.instance })}` : message;
  }

  function fieldMessage(code: FieldErrorCode | null | undefined): string {
    if (!code) return '';
    const key = `errors.field.${code}`;
    return te(key, 'ja') ? t(key) : t('errors.field.INVALID_FORMAT');
  }

  /** The first field-level code per field of a 422, keyed by the API's field path (`company.nameKana`). */
  function fieldErrorsOf(error: unknown): Record<string, FieldErrorCode> {
    const out: Record<string, FieldErrorCode> = {};
    if (!isApiError(error)) return out;
    for (const { field, code } of error.errors) out[field] ??= code;
    return out;
  }

  return { errorMessage, fieldMessage, fieldErrorsOf };
}
