import { withExtensions } from '../party/common';
import { readIncoterms } from '../party/general';
import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { VendorSegment } from './segments';
import type { VendorAmount, VendorPurchasingOrganization } from './types';

const NOTHING_MAPPED = new Set<string>();

function amountOf(reader: SegmentReader, valueField: string, currencyField: string): VendorAmount | null {
  const value = reader.decimal(valueField);
  return value === null ? null : { value, currency: reader.text(currencyField) };
}

/** E1LFM1M purchasing data per purchasing organisation; its deletion flag and block stay on the entry. */
export function readPurchasingOrganizations(general: SegmentReader): VendorPurchasingOrganization[] {
  return general.children(VendorSegment.purchasingOrganization).map((segment) => {
    const purchasingOrganization = general.child(segment).required('EKORG');
    const reader = general.child(segment, `purchasing organization ${purchasingOrganization}`);
    return withExtensions(
      {
        purchasingOrganization,
        markedForDeletion: reader.flag('LOEVM'),
        purchasingBlock: reader.flag('SPERM'),
        orderCurrency: reader.text('WAERS'),
        paymentTerms: reader.text('ZTERM'),
        incoterms: readIncoterms(reader),
        purchasingGroup: reader.text('EKGRP'),
        salesPerson: reader.text('VERKF'),
        telephone: reader.text('TELF1'),
        minimumOrderValue: amountOf(reader, 'MINBW', 'WAERS'),
        abcIndicator: reader.text('LFABC'),
        grBasedInvoiceVerification: reader.flag('WEBRE'),
        evaluatedReceiptSettlement: reader.flag('XERSY'),
        acknowledgmentRequired: reader.flag('KZABS'),
        plannedDeliveryDays: reader.decimal('PLIFZ'),
        createdOn: reader.date('ERDAT'),
        createdBy: reader.text('ERNAM'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
