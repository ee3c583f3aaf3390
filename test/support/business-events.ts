import { randomUUID } from 'node:crypto';

/** A business event as SAP Advanced Event Mesh delivers it (the real sample's shape), for a given partner. */
export function changedEvent(partner: string): string {
  return JSON.stringify({
    type: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
    specversion: '1.0',
    source: '/default/sap.s4.beh/730431274',
    id: randomUUID(),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { BusinessPartner: partner },
  });
}
