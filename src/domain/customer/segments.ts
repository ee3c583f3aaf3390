/** DEBMAS segment names (DEBMAS07 structure; DEBMAS01-06 use the same names for these segments). */
export const CustomerSegment = {
  /** General data (KNA1); exactly one per IDoc. */
  general: 'E1KNA1M',
  /** Additional general fields (KNA1: URL, tax number 5, ...), under E1KNA1M. */
  additional: 'E1KNA11',
  /** General texts: header with E1KNA1L lines, under E1KNA1M. */
  textHeader: 'E1KNA1H',
  textLine: 'E1KNA1L',
  /** Sales area data (KNVV), under E1KNA1M. */
  salesArea: 'E1KNVVM',
  /** Partner functions (KNVP), under E1KNVVM. */
  partnerFunction: 'E1KNVPM',
  /** Company code data (KNB1), under E1KNA1M. */
  companyCode: 'E1KNB1M',
  /** Bank details (KNBK), under E1KNA1M. */
  bankDetail: 'E1KNBKM',
  /** Contact persons (KNVK), under E1KNA1M. CREMAS uses the same segment under E1LFA1M. */
  contactPerson: 'E1KNVKM',
} as const;
