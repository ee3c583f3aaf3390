import { CustomerSegment } from '../customer/segments';

/** CREMAS segment names (CREMAS05 structure; CREMAS01-06 use the same names for these segments). */
export const VendorSegment = {
  /** General data (LFA1); exactly one per IDoc. */
  general: 'E1LFA1M',
  /** Additional general fields (LFA1: URL, tax number 5, ...), under E1LFA1M. */
  additional: 'E1LFA1A',
  /** General texts: header with E1LFA1L lines, under E1LFA1M. */
  textHeader: 'E1LFA1H',
  textLine: 'E1LFA1L',
  /** Company code data (LFB1), under E1LFA1M. */
  companyCode: 'E1LFB1M',
  /** Purchasing organisation data (LFM1), under E1LFA1M. */
  purchasingOrganization: 'E1LFM1M',
  /** Bank details (LFBK), under E1LFA1M. */
  bankDetail: 'E1LFBKM',
  /** Contact persons (KNVK): the customer master's segment, under E1LFA1M. */
  contactPerson: CustomerSegment.contactPerson,
} as const;
