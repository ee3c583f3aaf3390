import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from '../party/common';
import { readIncoterms } from '../party/general';
import { readPartnerFunctions } from './partner-functions';
import { CustomerSegment } from './segments';
import type { CustomerSalesArea } from './types';

const MAPPED = new Set<string>([CustomerSegment.partnerFunction]);

/** E1KNVVM sales data per sales area; sales-area deletion flag and blocks stay on the entry. */
export function readSalesAreas(general: SegmentReader): CustomerSalesArea[] {
  return general.children(CustomerSegment.salesArea).map((segment) => {
    const first = general.child(segment);
    const salesOrganization = first.required('VKORG');
    const distributionChannel = first.keyed(`sales organization ${salesOrganization}`).required('VTWEG');
    const division = first
      .keyed(`sales organization ${salesOrganization}, distribution channel ${distributionChannel}`)
      .required('SPART');
    const key = `sales area ${salesOrganization}/${distributionChannel}/${division}`;
    const reader = first.keyed(key);
    return withExtensions(
      {
        salesOrganization,
        distributionChannel,
        division,
        markedForDeletion: reader.flag('LOEVM'),
        blocks: {
          orderBlock: reader.text('AUFSD'),
          deliveryBlock: reader.text('LIFSD'),
          billingBlock: reader.text('FAKSD'),
          salesSupportBlock: reader.text('CASSD'),
        },
        customerGroup: reader.text('KDGRP'),
        salesDistrict: reader.text('BZIRK'),
        salesOffice: reader.text('VKBUR'),
        salesGroup: reader.text('VKGRP'),
        currency: reader.text('WAERS'),
        paymentTerms: reader.text('ZTERM'),
        incoterms: readIncoterms(reader),
        priceGroup: reader.text('KONDA'),
        priceListType: reader.text('PLTYP'),
        pricingProcedure: reader.text('KALKS'),
        shippingConditions: reader.text('VSBED'),
        deliveringPlant: reader.text('VWERK'),
        deliveryPriority: reader.text('LPRIO'),
        accountAssignmentGroup: reader.text('KTGRD'),
        partnerFunctions: readPartnerFunctions(reader, key),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, MAPPED),
    );
  });
}
