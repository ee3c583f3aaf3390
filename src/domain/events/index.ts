export {
  parseCloudEvent,
  isCloudEventPayload,
  isBinaryCloudEvent,
  type SapCloudEvent,
  type BusinessPartnerEventData,
  type SapEventData,
} from './cloud-event';
export {
  BUSINESS_PARTNER_CREATED,
  BUSINESS_PARTNER_CHANGED,
  SAP_EVENT_TYPES,
  isSapEventType,
  isBusinessPartnerEventType,
  isLoadEventType,
  LOAD_PRODUCT,
  LOAD_BUSINESS_PARTNER,
  type LoadEventType,
  type SapEventType,
  type BusinessPartnerEventType,
  type SapEventTypeInfo,
} from './event-types';
export { eventVersion, parseEventTime, type EventInstant } from './event-time';
export {
  describeBusinessPartnerEvent,
  canonicalBusinessPartnerNumber,
  eventSourceId,
  BUSINESS_PARTNER_NUMBER_LENGTH,
  CLOUD_EVENT_IDOC_TYPE,
  type BusinessPartnerEventRef,
} from './describe';
export { eventRecordSource, type EventRecordSource } from './record-source';
export { parseJsonText, jsonErrorOffset, type JsonErrorPosition } from './json';
