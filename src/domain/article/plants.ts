import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { statusOf, withExtensions } from '../material/common';
import type { MaterialPlant, MaterialStorageLocation } from '../material/types';
import { bapiUnit } from './fields';

const NOTHING_MAPPED = new Set<string>();

function readStorageLocations(locations: readonly SegmentReader[], plant: string): MaterialStorageLocation[] {
  return locations
    .filter((location) => location.text('PLANT') === plant)
    .map((first) => {
      const storageLocation = first.keyed(`plant ${plant}`).required('STGE_LOC');
      const reader = first.keyed(`plant ${plant}, storage location ${storageLocation}`);
      return withExtensions(
        {
          storageLocation,
          markedForDeletion: reader.flag('DEL_FLAG'),
          storageBin: reader.text('STGE_BIN'),
          changeType: changeTypeFromMsgfn(reader.raw('FUNCTION')),
        },
        collectExtensions(reader.segment, NOTHING_MAPPED),
      );
    });
}

/** E1BPE1MARCRT plant (site) data with the plant's E1BPE1MARDRT storage locations. */
export function readArticlePlants(
  plants: readonly SegmentReader[],
  locations: readonly SegmentReader[],
): MaterialPlant[] {
  return plants.map((first) => {
    const plant = first.required('PLANT');
    const reader = first.keyed(`plant ${plant}`);
    return withExtensions(
      {
        plant,
        markedForDeletion: reader.flag('DEL_FLAG'),
        maintenanceStatus: null,
        status: statusOf(reader, 'PUR_STATUS', 'PVALIDFROM'),
        abcIndicator: reader.text('ABC_ID'),
        purchasingGroup: reader.text('PUR_GROUP'),
        issueUnit: bapiUnit(reader, 'ISSUE_UNIT'),
        mrpType: reader.text('MRP_TYPE'),
        mrpController: reader.text('MRP_CTRLER'),
        lotSizingProcedure: reader.text('LOTSIZEKEY'),
        procurementType: reader.text('PROC_TYPE'),
        specialProcurementType: reader.text('SPPROCTYPE'),
        plannedDeliveryDays: reader.decimal('PLND_DELRY'),
        goodsReceiptProcessingDays: reader.decimal('GR_PR_TIME'),
        reorderPoint: reader.decimal('REORDER_PT'),
        safetyStock: reader.decimal('SAFETY_STK'),
        availabilityCheck: reader.text('AVAILCHECK'),
        profitCenter: reader.text('PROFIT_CTR'),
        batchManaged: reader.flag('BATCH_MGMT'),
        countryOfOrigin: reader.text('COUNTRYORI'),
        commodityCode: reader.text('COMM_CODE'),
        storageLocations: readStorageLocations(locations, plant),
        changeType: changeTypeFromMsgfn(reader.raw('FUNCTION')),
      },
      collectExtensions(reader.segment, NOTHING_MAPPED),
    );
  });
}
