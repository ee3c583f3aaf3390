export { BLOCKED_CHANGE, BLOCKED_FIELDS, isBlocked, minimiseBlocked, protectIfBlocked } from './blocking';
export {
  ERASED_CHANGE,
  highestVersion,
  isErased,
  replacesTombstone,
  tombstone,
  type ErasureSource,
  type Tombstone,
} from './erasure';
