import type { LanguageCode, Measure } from '../fields';
import type { Extensions } from '../idoc/extensions';

/*
 * The canonical delivery, designed from the DELVRY07 segments (DELVRY03/05 carry a subset). Absent values
 * are null (never undefined), dates are ISO 'YYYY-MM-DD', date-times ISO local 'YYYY-MM-DDTHH:MM:SS'
 * without zone (SAP sends server local time; deadlines name their time zone separately), numbers are JSON
 * numbers (SAP's trailing minus read), keys and item numbers stay strings exactly as sent ('000010',
 * '900001'), unit codes say which code list they come from (IDoc unit fields carry ISO codes).
 */

/** E1EDL20 with its child segments. */
export interface CanonicalDelivery {
  /** Canonical delivery number (= record entityKey): VBELN, ALPHA to 10 when numeric. */
  deliveryNumber: string;
  /** VBELN as sent (trimmed). */
  deliveryNumberAsSent: string;
  /** VSTEL. */
  shippingPoint: string | null;
  /** VKORG. */
  salesOrganization: string | null;
  /** LSTEL. */
  loadingPoint: string | null;
  /** VKBUR. */
  salesOffice: string | null;
  /** LGNUM. */
  warehouseNumber: string | null;
  /** ABLAD. */
  unloadingPoint: string | null;
  /** INCO1. */
  incoterms: string | null;
  /** INCO2. */
  incotermsLocation: string | null;
  /** ROUTE. */
  route: string | null;
  /** VSBED. */
  shippingConditions: string | null;
  /** BTGEW in GEWEI. */
  grossWeight: Measure | null;
  /** NTGEW in GEWEI. */
  netWeight: Measure | null;
  /** VOLUM in VOLEH. */
  volume: Measure | null;
  /** ANZPK: number of packages. */
  packageCount: number | null;
  /** BOLNR: bill of lading. */
  billOfLading: string | null;
  /** TRATY: means-of-transport type. */
  meansOfTransportType: string | null;
  /** TRAID: means-of-transport ID (truck, container). */
  meansOfTransportId: string | null;
  /** LIFEX: external identification of the delivery (e.g. the vendor's delivery note). */
  externalId: string | null;
  /** PODAT + POTIM: proof of delivery date and time. */
  proofOfDeliveryAt: string | null;
  /** E1EDL21-LFART: delivery type ('LF' outbound, 'EL' inbound, ...). */
  deliveryType: string | null;
  /** E1EDL21-LPRIO. */
  deliveryPriority: string | null;
  /** E1EDL21-LIFSK. */
  deliveryBlock: string | null;
  /** E1EDL22: the descriptions of the header's codes by field name ('VSTEL_BEZ': 'Hamburg'). */
  descriptions: Record<string, string>;
  /** E1EDL18 QUALF values in order (control codes; 'DEL' deletes the delivery). */
  controlCodes: string[];
  /** E1ADRM1, document order. */
  partners: DeliveryPartner[];
  /** E1EDT13 by QUALF ('006' goods issue, '007' delivery, '010' picking, ...); the last repeat wins. */
  deadlines: Record<string, DeliveryDeadline>;
  /** E1TXTH8 with E1TXTP8 lines: one text per text id and language (compared on the ISO code). */
  texts: DeliveryText[];
  /**
   * E1EDL24, document order. A batch split is sent as the main item followed by sub-items (POSNR
   * 900001..) whose HIPOS names the main item; each sub-item says so in `parentItem` (the list stays flat).
   */
  items: DeliveryItem[];
  /** Customer/namespaced segments and fields at header level and anywhere not mapped below. */
  extensions: Extensions;
}

/** E1ADRM1. */
export interface DeliveryPartner {
  /** PARTNER_Q: partner function ('AG' sold-to, 'WE' ship-to, 'SP' carrier, 'LF' vendor, 'OSP' shipping point, ...). */
  role: string;
  /** PARTNER_ID: ALPHA to 10 when numeric (up to 10 digits), else as sent. */
  partnerNumber: string | null;
  /** ADDRESS_T: address type (1 organization, 2 person, 3 contact person). */
  addressType: string | null;
  /** NAME1. */
  name: string | null;
  /** NAME2-NAME4 that are filled, in order. */
  additionalNames: string[];
  /** STREET1. */
  street: string | null;
  /** POSTL_COD1. */
  postalCode: string | null;
  /** CITY1. */
  city: string | null;
  /** CITY2. */
  district: string | null;
  /** REGION. */
  region: string | null;
  /** COUNTRY1. */
  country: string | null;
  /** LANGUAGE: a two-letter value is the ISO code, a one-character one the SAP key. */
  language: LanguageCode | null;
  /** TELEPHONE1. */
  phone: string | null;
  /** TELEFAX. */
  fax: string | null;
  /** E_MAIL. */
  email: string | null;
  extensions?: Extensions;
}

/** E1EDT13: planned (NTANF/NTANZ, NTEND/NTENZ) and actual (ISDD/ISDZ, IEDD/IEDZ) start and end. */
export interface DeliveryDeadline {
  /** NTANF + NTANZ; null for an empty date ('00000000'). */
  plannedStart: string | null;
  /** NTEND + NTENZ. */
  plannedEnd: string | null;
  /** ISDD + ISDZ. */
  actualStart: string | null;
  /** IEDD + IEDZ. */
  actualEnd: string | null;
  /** TZONE_BEG. */
  startTimeZone: string | null;
  /** TZONE_END. */
  endTimeZone: string | null;
}

/** E1TXTH8 / E1TXTH9 with lines joined. */
export interface DeliveryText {
  /** TDID. */
  textId: string | null;
  /** TDSPRAS / LANGUA_ISO. */
  language: LanguageCode | null;
  /** TDLINE lines joined by their TDFORMAT. */
  text: string;
}

/** E1EDL24 with its child segments. */
export interface DeliveryItem {
  /** POSNR exactly as sent ('000010'; batch-split sub-items '900001'). */
  itemNumber: string;
  /**
   * HIPOS: the higher-level item (for a batch-split sub-item, its main item '000010'), as sent; UECHA when
   * only that is sent. Null for main items.
   */
  parentItem: string | null;
  /** HIEVW: use of the hierarchy item, as sent. */
  hierarchyUse: string | null;
  /** Canonical material number (keys.ts): MATNR_LONG, else MATNR_EXTERNAL, else MATNR. */
  materialNumber: string | null;
  /** MATNR as sent. */
  materialNumberAsSent: string | null;
  /** MATNR_LONG as sent (S/4, 40 characters). */
  longMaterialNumberAsSent: string | null;
  /** MATNR_EXTERNAL as sent. */
  externalMaterialNumberAsSent: string | null;
  /** ARKTX: item description. */
  description: string | null;
  /** KDMAT: customer material number. */
  customerMaterial: string | null;
  /** MATKL. */
  materialGroup: string | null;
  /** WERKS. */
  plant: string | null;
  /** LGORT. */
  storageLocation: string | null;
  /** CHARG: batch. */
  batch: string | null;
  /** LFIMG in the sales unit VRKME (VRKME_ISO when sent). */
  deliveryQuantity: Measure | null;
  /** LGMNG in the base unit MEINS. */
  baseQuantity: Measure | null;
  /** NTGEW in GEWEI. */
  netWeight: Measure | null;
  /** BRGEW in GEWEI. */
  grossWeight: Measure | null;
  /** VOLUM in VOLEH. */
  volume: Measure | null;
  /** VFDAT: shelf-life expiration date. */
  expiryDate: string | null;
  /** VGBEL / VGPOS: the preceding document (sales order, purchase order) and its item. */
  precedingDocument: { documentNumber: string; itemNumber: string | null } | null;
  /** E1EDL43, document order. */
  references: DeliveryReference[];
  /** E1TXTH9 with E1TXTP9 lines. */
  texts: DeliveryText[];
  extensions?: Extensions;
}

/** E1EDL43. */
export interface DeliveryReference {
  /** QUALF: document category ('C' order, 'V' purchase order, ...). */
  qualifier: string;
  /** BELNR as sent. */
  documentNumber: string | null;
  /** POSNR as sent. */
  itemNumber: string | null;
  /** DATUM. */
  date: string | null;
}
