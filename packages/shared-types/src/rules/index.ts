// Pure rules shared by the API and the SPA. The zxcvbn strength check is not re-exported here: it is the
// lazily loaded subpath `@corpweb/shared-types/password-strength`.
export * from './normalize.js';
export * from './card.js';
export * from './corporate-number.js';
export * from './japanese-text.js';
export * from './phone.js';
export * from './secure-id.js';
export * from './password.js';
