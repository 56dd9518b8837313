export interface DevOutboxMessage {
  id: string;
  channel: 'EMAIL' | 'SMS';
  to: string;
  subject?: string;
  body: string;
  /**
   * The real delivery state: SENT / DEAD / PENDING (waiting or retrying) through the configured SMTP or SMS
   * gateway; DEV_ONLY when no transport is configured for the channel and the message is kept here only.
   */
  status: 'PENDING' | 'SENT' | 'DEAD' | 'DEV_ONLY';
  /** delivery attempts so far */
  attempts: number;
  /** why the last attempt failed, when it did */
  lastError?: string;
  sentAt?: string;
  createdAt: string;
}
export interface DevOutboxResponse {
  items: DevOutboxMessage[];
}
