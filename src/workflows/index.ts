export { entitySync } from './entity-sync';
