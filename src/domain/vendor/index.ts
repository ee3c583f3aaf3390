import type { IdocEntityHandler } from '../idoc/entity-handler';
import { VENDOR_IDOC_LABEL, isVendorIdoc } from './detect';
import { describeVendor, transformVendor } from './transform';

export type {
  CanonicalVendor,
  VendorBlocks,
  VendorCompanyCode,
  VendorAmount,
  VendorPurchasingOrganization,
} from './types';
export { vendorDataSchema } from './schema';
export { describeVendor, transformVendor, transformVendorIdoc } from './transform';
export { VENDOR_IDOC_LABEL, isVendorIdoc } from './detect';
export { VendorSegment } from './segments';

/** Vendor master IDocs (CREMAS): register in IDOC_HANDLERS. */
export const vendorIdocHandler: IdocEntityHandler = {
  entityType: 'vendor',
  label: VENDOR_IDOC_LABEL,
  accepts: isVendorIdoc,
  describe: describeVendor,
  transform: transformVendor,
};
