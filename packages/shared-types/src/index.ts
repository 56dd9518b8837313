export * from './errors.js';
export * from './limits.js';
export * from './api/public.js';
export * from './api/member.js';
export * from './api/backoffice.js';
export * from './api/acs.js';
export * from './api/dev.js';
export * from './rules/index.js';
