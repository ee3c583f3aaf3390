/** SyncHub's release, as package.json says (the CLI's --version and the API description show it). */
export const PRODUCT_VERSION = '0.2.0';
