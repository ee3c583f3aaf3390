import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { statusOf, withExtensions } from '../material/common';
import type { MaterialSalesArea } from '../material/types';
import { measure } from '../fields';
import { bapiUnit } from './fields';

const NOTHING_MAPPED = new Set<string>();

/** E1BPE1MVKERT sales data per sales organisation and distribution channel (BAPI_MVKE field names). */
export function readArticleSalesAreas(segments: readonly SegmentReader[]): MaterialSalesArea[] {
  return segments.map((first) => {
    const salesOrganization = first.required('SALES_ORG');
    const distributionChannel = first.keyed(`sales organization ${salesOrganization}`).required('DISTR_CHAN');
    const reader = first.keyed(
      `sales organization ${salesOrganization}, distribution channel ${distributionChannel}`,
    );
    return withExtensions(
      {
        salesOrganization,
        distributionChannel,
        markedForDeletion: reader.flag('DEL_FLAG'),
        status: statusOf(reader, 'SAL_STATUS', 'VALID_FROM'),
        salesUnit: bapiUnit(reader, 'SALES_UNIT'),
        minimumOrderQuantity: reader.decimal('MIN_ORDER'),
        minimumDeliveryQuantity: reader.decimal('MIN_DELY'),
        deliveryUnit: measure(reader.decimal('DELY_UNIT'), bapiUnit(reader, 'DELY_UOM')),
        itemCategoryGroup: reader.text('ITEM_CAT'),
        deliveringPlant: reader.text('DELYG_PLNT'),
        productHierarchy: reader.text('PROD_HIER'),
        materialPricingGroup: reader.text('MAT_PR_GRP'),
        accountAssignmentGroup: reader.text('ACCT_ASSGT'),
        changeType: changeTypeFromMsgfn(reader.raw('FUNCTION')),
      },
      collectExtensions(reader.segment, NOTHING_MAPPED),
    );
  });
}
