/**
 * DELVRY segment names (DELVRY03-DELVRY07 structure; DELVRY01/02 use the same names for what they have).
 * E1EDL20 is the delivery header and holds every other segment; one IDoc carries one delivery.
 */
export const DeliverySegment = {
  /** Delivery header; exactly one per IDoc. */
  header: 'E1EDL20',
  /** Header descriptions (VSTEL_BEZ, VKORG_BEZ, ... texts of the header's codes). */
  descriptions: 'E1EDL22',
  /** Header additional data (LFART, LPRIO, LIFSK, ...). */
  additionalData: 'E1EDL21',
  /** Control segment by QUALF (inbound processing instructions; 'DEL' deletes the delivery). */
  control: 'E1EDL18',
  /** Partner addresses by PARTNER_Q (central address management). */
  partner: 'E1ADRM1',
  /** Deadlines by QUALF. */
  deadline: 'E1EDT13',
  /** Header text header, with E1TXTP8 lines. */
  text: 'E1TXTH8',
  textLine: 'E1TXTP8',
  /** Delivery item; batch-split sub-items are items too (POSNR 900001.., HIPOS = main item). */
  item: 'E1EDL24',
  /** Item reference documents (E1EDL43: QUALF, BELNR, POSNR, DATUM). */
  itemReference: 'E1EDL43',
  /** Item text header, with E1TXTP9 lines. */
  itemText: 'E1TXTH9',
  itemTextLine: 'E1TXTP9',
} as const;
