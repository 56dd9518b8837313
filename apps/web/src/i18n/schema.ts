/** The shape every locale's messages must have: the Japanese files are the reference. */
import type ja from './ja';
import type jaPages from './ja-pages';

export type CoreMessages = typeof ja;
export type PageMessages = typeof jaPages;
export type MessageSchema = CoreMessages & PageMessages;
