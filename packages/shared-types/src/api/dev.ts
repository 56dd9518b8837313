export interface DevOutboxMessage {
  id: string;
  channel: 'EMAIL' | 'SMS';
  to: string;
  subject?: string;
  body: string;
  status: 'PENDING' | 'SENT' | 'DEAD';
  createdAt: string;
}
export interface DevOutboxResponse {
  items: DevOutboxMessage[];
}
