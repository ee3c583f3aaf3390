export { entitySync } from './entity-sync';
export { quarantine } from './quarantine';
