export { createDemoShop, merchantProfile, type DemoShopOptions } from './demo-shop.js';
export { loadDemoConfig, ConfigError, DemoDisabled, type DemoConfig } from './config.js';
export * from './three-ds-simulator.js';
