export { entitySync } from './entity-sync';
export { quarantine } from './quarantine';
export { replay } from './replay';
