/**
 * ORDERS segment names (ORDERS05 structure; ORDERS01-04 use the same names for what they have). One IDoc
 * carries one order: E1EDK01 first, the other header segments, then one E1EDP01 per item, then E1EDS01.
 */
export const OrderSegment = {
  /** Document header general data; exactly one per IDoc. */
  header: 'E1EDK01',
  /** Header organizational data by QUALF (sales org, purchasing org, company code, ...). */
  organization: 'E1EDK14',
  /** Header dates by IDDAT. */
  date: 'E1EDK03',
  /** Header partners by PARVW. */
  partner: 'E1EDKA1',
  /** Header reference data by QUALF (001 customer purchase order, 002 vendor order, ...). */
  reference: 'E1EDK02',
  /** Header terms of delivery. */
  deliveryTerms: 'E1EDK17',
  /** Header terms of payment. */
  paymentTerms: 'E1EDK18',
  /** Header text identification, with E1EDKT2 lines. */
  text: 'E1EDKT1',
  textLine: 'E1EDKT2',
  /** Item general data; one per item. */
  item: 'E1EDP01',
  /** Item reference data by QUALF. */
  itemReference: 'E1EDP02',
  /** Item dates by IDDAT. */
  itemDate: 'E1EDP03',
  /** Item conditions (prices, surcharges, discounts). */
  itemCondition: 'E1EDP05',
  /** Item object identification by QUALF (001 customer material, 002 vendor material, 003 EAN, ...). */
  itemObject: 'E1EDP19',
  /** Item schedule lines. */
  scheduleLine: 'E1EDP20',
  /** Item amounts by QUALF. */
  itemAmount: 'E1EDP26',
  /** Item partners by PARVW. */
  itemPartner: 'E1EDPA1',
  /** Item text identification, with E1EDPT2 lines. */
  itemText: 'E1EDPT1',
  itemTextLine: 'E1EDPT2',
  /** Summary segment by SUMID. */
  summary: 'E1EDS01',
} as const;
