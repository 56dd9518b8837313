/** Dev-only outbox: answers 404 when DEV_OUTBOX is off, and the page then shows nothing. */
import type { DevOutboxResponse } from '@corpweb/shared-types';
import { http } from './client';

export const getDevOutbox = () => http.get<DevOutboxResponse>('/dev/outbox', { session: false });
