/// <reference types="vite/client" />

/** the most common passwords, one per line, most common first (built by vite.config.ts) */
declare module 'virtual:common-passwords' {
  export const commonPasswords: string;
}
