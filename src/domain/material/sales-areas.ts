import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { measureOf, statusOf, withExtensions } from './common';
import { MaterialSegment } from './segments';
import type { MaterialSalesArea } from './types';

const NOTHING_MAPPED = new Set<string>();

/** E1MVKEM sales data per sales organisation and distribution channel. */
export function readSalesAreas(general: SegmentReader): MaterialSalesArea[] {
  return general.children(MaterialSegment.salesArea).map((segment) => {
    const first = general.child(segment);
    const salesOrganization = first.required('VKORG');
    const distributionChannel = first.keyed(`sales organization ${salesOrganization}`).required('VTWEG');
    const reader = first.keyed(
      `sales organization ${salesOrganization}, distribution channel ${distributionChannel}`,
    );
    return withExtensions(
      {
        salesOrganization,
        distributionChannel,
        markedForDeletion: reader.flag('LVORM'),
        status: statusOf(reader, 'VMSTA', 'VMSTD'),
        salesUnit: reader.unit('VRKME'),
        minimumOrderQuantity: reader.decimal('AUMNG'),
        minimumDeliveryQuantity: reader.decimal('LFMNG'),
        deliveryUnit: measureOf(reader, 'SCMNG', 'SCHME'),
        itemCategoryGroup: reader.text('MTPOS'),
        deliveringPlant: reader.text('DWERK'),
        productHierarchy: reader.text('PRODH'),
        materialPricingGroup: reader.text('KONDM'),
        accountAssignmentGroup: reader.text('KTGRM'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
