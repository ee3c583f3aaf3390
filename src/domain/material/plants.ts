import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { statusOf, withExtensions } from './common';
import { MaterialSegment } from './segments';
import type { MaterialPlant, MaterialStorageLocation } from './types';

const MAPPED = new Set<string>([MaterialSegment.storageLocation]);
const NOTHING_MAPPED = new Set<string>();

function readStorageLocations(plant: SegmentReader, plantKey: string): MaterialStorageLocation[] {
  return plant.children(MaterialSegment.storageLocation).map((segment) => {
    const first = plant.child(segment, plantKey);
    const storageLocation = first.required('LGORT');
    const reader = first.keyed(`${plantKey}, storage location ${storageLocation}`);
    return withExtensions(
      {
        storageLocation,
        markedForDeletion: reader.flag('LVORM'),
        storageBin: reader.text('LGPBE'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}

/** E1MARCM plant data; the plant-level deletion flag stays on the plant entry. */
export function readPlants(general: SegmentReader): MaterialPlant[] {
  return general.children(MaterialSegment.plant).map((segment) => {
    const plant = general.child(segment).required('WERKS');
    const key = `plant ${plant}`;
    const reader = general.child(segment, key);
    return withExtensions(
      {
        plant,
        markedForDeletion: reader.flag('LVORM'),
        maintenanceStatus: reader.text('PSTAT'),
        status: statusOf(reader, 'MMSTA', 'MMSTD'),
        abcIndicator: reader.text('MAABC'),
        purchasingGroup: reader.text('EKGRP'),
        issueUnit: reader.unit('AUSME'),
        mrpType: reader.text('DISMM'),
        mrpController: reader.text('DISPO'),
        lotSizingProcedure: reader.text('DISLS'),
        procurementType: reader.text('BESKZ'),
        specialProcurementType: reader.text('SOBSL'),
        plannedDeliveryDays: reader.decimal('PLIFZ'),
        goodsReceiptProcessingDays: reader.decimal('WEBAZ'),
        reorderPoint: reader.decimal('MINBE'),
        safetyStock: reader.decimal('EISBE'),
        availabilityCheck: reader.text('MTVFP'),
        profitCenter: reader.text('PRCTR'),
        batchManaged: reader.flag('XCHPF'),
        countryOfOrigin: reader.text('HERKL'),
        commodityCode: reader.text('STAWN'),
        storageLocations: readStorageLocations(reader, key),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, MAPPED),
    );
  });
}
