import type { ChangeType } from '../entity';
import type { LanguageCode, Measure, UnitCode } from '../fields';
import type { Extensions } from '../idoc/extensions';

/*
 * The canonical purchase order and sales order, designed from the ORDERS05 segments (both entity types
 * share the IDoc type and so the document body). Absent values are null (never undefined), dates are ISO
 * 'YYYY-MM-DD', times 'HH:MM:SS', numbers are JSON numbers (SAP's trailing minus read), keys and item
 * numbers stay strings exactly as sent, unit codes say which code list they come from (IDoc unit fields
 * carry ISO codes). Qualified segments (E1EDK14, E1EDK03, E1EDK02, ...) are keyed by their qualifier as
 * sent ('012'); when a qualifier repeats, the last segment wins (as SAP's own inbound processing does).
 */

/** The order document as ORDERS05 carries it, for purchase orders and sales orders alike. */
export interface OrderDocument {
  /** E1EDK01-BELNR as sent (trimmed). */
  documentNumberAsSent: string;
  /** E1EDK01-ACTION: action code for the whole message (000 none, 001 reverse/delete the document, 002-004 changes). */
  action: string | null;
  /** E1EDK01-BSART: document type ('NB' standard purchase order, 'TA' standard order, ...). */
  documentType: string | null;
  /** E1EDK01-CURCY: document currency (ISO). */
  currency: string | null;
  /** E1EDK01-HWAER: local currency. */
  localCurrency: string | null;
  /** E1EDK01-WKURS: exchange rate. */
  exchangeRate: number | null;
  /** E1EDK01-ZTERM: terms of payment key. */
  paymentTermsKey: string | null;
  /** E1EDK01-RECIPNT_NO: number of the recipient (ALE distribution model). */
  recipientNumber: string | null;
  /** E1EDK01-AUGRU: order reason. */
  orderReason: string | null;
  /** E1EDK01-VSART: shipping conditions. */
  shippingConditions: string | null;
  /** E1EDK01-LIFSK: delivery block. */
  deliveryBlock: string | null;
  /** E1EDK01-NTGEW in GEWEI. */
  netWeight: Measure | null;
  /** E1EDK01-BRGEW in GEWEI. */
  grossWeight: Measure | null;
  /** E1EDK14: ORGID by QUALF (e.g. '008' sales organization, '014' purchasing organization, '011' company code). */
  organization: Record<string, string>;
  /** E1EDK03: DATUM/UZEIT by IDDAT (e.g. '012' document date, '002' requested delivery date). */
  dates: Record<string, OrderDate>;
  /** E1EDK02: reference documents by QUALF ('001' customer purchase order, '002' vendor order, ...). */
  references: Record<string, OrderReference>;
  /** E1EDKA1, document order (a role may occur more than once). */
  partners: OrderPartner[];
  /** E1EDK17. */
  deliveryTerms: OrderDeliveryTerm[];
  /** E1EDK18. */
  paymentTerms: OrderPaymentTerm[];
  /** E1EDKT1 with E1EDKT2 lines: one text per text id and language (compared on the ISO code). */
  texts: OrderText[];
  /** E1EDP01, document order. */
  items: OrderItem[];
  /** E1EDS01: SUMME/SUNIT by SUMID (e.g. '002' total item amount). */
  summary: Record<string, OrderSummaryValue>;
  /** Customer/namespaced segments and fields at header level and anywhere not mapped below. */
  extensions: Extensions;
}

/** Purchase order (purchasing, message ORDERS/ORDCHG). */
export interface CanonicalPurchaseOrder extends OrderDocument {
  /** Canonical purchase order number (= record entityKey): E1EDK01-BELNR, ALPHA to 10 when numeric. */
  purchaseOrderNumber: string;
}

/** Sales order as confirmed by SD (order response, message ORDRSP). */
export interface CanonicalSalesOrder extends OrderDocument {
  /** Canonical sales order number (= record entityKey): E1EDK01-BELNR, ALPHA to 10 when numeric. */
  salesOrderNumber: string;
  /** E1EDK02 QUALF 001 BELNR: the customer's purchase order number, as sent. */
  customerPurchaseOrderNumber: string | null;
}

export interface OrderDate {
  /** DATUM. */
  date: string | null;
  /** UZEIT. */
  time: string | null;
}

export interface OrderReference {
  /** BELNR as sent. */
  documentNumber: string | null;
  /** POSNR (header) / ZEILE (item) as sent. */
  itemNumber: string | null;
  /** DATUM. */
  date: string | null;
  /** UZEIT. */
  time: string | null;
}

/** E1EDKA1 / E1EDPA1. */
export interface OrderPartner {
  /** PARVW: partner function ('AG' sold-to, 'WE' ship-to, 'RE' bill-to, 'RG' payer, 'LF' vendor, ...). */
  role: string;
  /** PARTN: partner number, ALPHA to 10 when numeric (up to 10 digits), else as sent. */
  partnerNumber: string | null;
  /** LIFNR: the partner's number at the other party (vendor number at customer), same ALPHA rule. */
  vendorNumber: string | null;
  /** NAME1. */
  name: string | null;
  /** NAME2-NAME4 that are filled, in order. */
  additionalNames: string[];
  /** STRAS. */
  street: string | null;
  /** HAUSN. */
  houseNumber: string | null;
  /** PFACH. */
  poBox: string | null;
  /** PSTLZ. */
  postalCode: string | null;
  /** ORT01. */
  city: string | null;
  /** ORT02. */
  district: string | null;
  /** REGIO. */
  region: string | null;
  /** LAND1. */
  country: string | null;
  /** SPRAS / SPRAS_ISO. */
  language: LanguageCode | null;
  /** TELF1. */
  phone: string | null;
  /** TELFX. */
  fax: string | null;
  /** BNAME: contact person. */
  contactName: string | null;
  /** IHREZ: "your reference". */
  reference: string | null;
  /** ILNNR: international location number (GLN). */
  locationNumber: string | null;
  /** PAORG: purchasing organization. */
  purchasingOrganization: string | null;
  /** PAGRU: purchasing group. */
  purchasingGroup: string | null;
  extensions?: Extensions;
}

/** E1EDK17. */
export interface OrderDeliveryTerm {
  /** QUALF ('001' Incoterms, ...). */
  qualifier: string;
  /** LKOND. */
  code: string | null;
  /** LKTEXT. */
  description: string | null;
}

/** E1EDK18. */
export interface OrderPaymentTerm {
  /** QUALF. */
  qualifier: string;
  /** TAGE. */
  days: number | null;
  /** PRZNT. */
  percentage: number | null;
  /** ZTERM_TXT. */
  description: string | null;
}

/** A long text: E1EDKT1/E1EDPT1 with its lines joined. */
export interface OrderText {
  /** TDID. */
  textId: string | null;
  /** TSSPRAS / TSSPRAS_ISO. */
  language: LanguageCode | null;
  /** TDLINE lines joined by their TDFORMAT; segments of the same id and language are joined as paragraphs. */
  text: string;
}

/** E1EDS01. */
export interface OrderSummaryValue {
  /** SUMME. */
  value: number | null;
  /** SUNIT (a currency for amounts). */
  unit: string | null;
}

/** E1EDP01 with its child segments. */
export interface OrderItem {
  /** POSEX: item number, exactly as sent ('00010', '000010'). */
  itemNumber: string;
  /** ACTION: action code for the item (001 added, 002 changed, 003 deleted, 004 unchanged, 005 locked). */
  action: string | null;
  /** 'delete' for ACTION 003 (item cancelled), else 'upsert'. */
  changeType: ChangeType;
  /** PSTYP: item category (purchasing). */
  itemCategory: string | null;
  /**
   * The material as the sender knows it, canonical (keys.ts): E1EDP01 MATNR_LONG, else MATNR_EXTERNAL,
   * else MATNR; without those, the sender's own number from E1EDP19 (QUALF 001 for a purchase order,
   * which S/4 purchasing sends as the buyer's material; QUALF 002 for a sales order, the vendor's material).
   */
  materialNumber: string | null;
  /** E1EDP01-MATNR as sent. */
  materialNumberAsSent: string | null;
  /** E1EDP01-MATNR_LONG as sent (S/4, 40 characters). */
  longMaterialNumberAsSent: string | null;
  /** E1EDP01-MATNR_EXTERNAL as sent. */
  externalMaterialNumberAsSent: string | null;
  /** MENGE in MENEE. */
  quantity: Measure | null;
  /** PMENE: price unit of measure. */
  priceUnitOfMeasure: UnitCode | null;
  /** VPREI: net price (per PEINH). */
  netPrice: number | null;
  /** PEINH: price unit. */
  priceUnit: number | null;
  /** NETWR: net item value. */
  netValue: number | null;
  /** PREIS: gross price. */
  grossPrice: number | null;
  /** CURCY: item currency when it differs from the header. */
  currency: string | null;
  /** NTGEW in GEWEI. */
  netWeight: Measure | null;
  /** BRGEW in GEWEI. */
  grossWeight: Measure | null;
  /** MATKL. */
  materialGroup: string | null;
  /** WERKS. */
  plant: string | null;
  /** LGORT. */
  storageLocation: string | null;
  /** ABGRU: reason for rejection. */
  rejectionReason: string | null;
  /** E1EDP19, document order. */
  objectIds: OrderItemObjectId[];
  /** E1EDP20, document order. */
  scheduleLines: OrderScheduleLine[];
  /** E1EDP05, document order. */
  conditions: OrderCondition[];
  /** E1EDP26: BETRG by QUALF. */
  amounts: Record<string, number | null>;
  /** E1EDP03: DATUM/UZEIT by IDDAT. */
  dates: Record<string, OrderDate>;
  /** E1EDP02: reference documents by QUALF. */
  references: Record<string, OrderReference>;
  /** E1EDPA1. */
  partners: OrderPartner[];
  /** E1EDPT1 with E1EDPT2 lines. */
  texts: OrderText[];
  extensions?: Extensions;
}

/** E1EDP19. */
export interface OrderItemObjectId {
  /** QUALF ('001' customer material, '002' vendor material, '003' EAN/UPC, ...). */
  qualifier: string;
  /** IDTNR as sent. */
  id: string | null;
  /** IDTNR_LONG as sent (S/4 long material number). */
  longId: string | null;
  /** Canonical material number (keys.ts) for material qualifiers 001/002: IDTNR_LONG, else IDTNR; else null. */
  materialNumber: string | null;
  /** KTEXT. */
  description: string | null;
  /** MFRPN. */
  manufacturerPartNumber: string | null;
  /** MFRNR. */
  manufacturerNumber: string | null;
}

/** E1EDP20. */
export interface OrderScheduleLine {
  /** WMENG: scheduled quantity (in the item's unit). */
  quantity: number | null;
  /** AMENG: previous scheduled quantity. */
  previousQuantity: number | null;
  /** EDATU. */
  date: string | null;
  /** EZEIT. */
  time: string | null;
}

/** E1EDP05. */
export interface OrderCondition {
  /** KSCHL: condition type. */
  conditionType: string | null;
  /** KOTXT. */
  description: string | null;
  /** ALCKZ: '+' surcharge, '-' discount. */
  surchargeOrDiscount: string | null;
  /** BETRG: condition amount (negative as sent with a trailing minus). */
  amount: number | null;
  /** KPERC: percentage. */
  percentage: number | null;
  /** KRATE: rate per unit. */
  rate: number | null;
  /** UPRBS: price unit. */
  priceUnit: number | null;
  /** MEAUN. */
  unit: UnitCode | null;
  /** KOBTR: condition end amount. */
  endAmount: number | null;
  /** MWSKZ. */
  taxCode: string | null;
  /** MSATZ. */
  taxRate: number | null;
  /** KOEIN: currency. */
  currency: string | null;
}
