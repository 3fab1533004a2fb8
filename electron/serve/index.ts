export { startBrowserHost, type BrowserHost, type BrowserHostOptions } from './host';
export type { ContractCore } from '../host/dispatch';
