export {
  describeLoadEvent,
  describeSapEvent,
  transformLoadEvent,
  loadEvent,
  type LoadEventOptions,
} from './load-event';
export { productLoadVersion, businessPartnerLoadVersion, LOAD_DOCNUM } from './load-version';
