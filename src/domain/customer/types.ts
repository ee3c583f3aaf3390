import type { ChangeType } from '../entity';
import type { LanguageCode } from '../fields';
import type { Extensions } from '../idoc/extensions';
import type {
  Incoterms,
  PartyAddress,
  PartyBankDetail,
  PartyCommunication,
  PartyCompanyCode,
  PartyContactPerson,
  PartyNames,
  PartyTax,
  PartyText,
} from '../party/types';

/*
 * The canonical customer, designed from the DEBMAS07 segments (DEBMAS06 compatible). Absent values are null
 * (never undefined), dates are ISO 'YYYY-MM-DD', keys and codes stay strings, customer and vendor numbers
 * referenced are ALPHA-padded to 10 like the key. Entries of repeating segments carry the segment's own
 * MSGFN as changeType ('delete' = this entry is removed from the customer).
 */

/** General data: E1KNA1M with its child segments. */
export interface CanonicalCustomer {
  /** Canonical customer number (= record entityKey): KUNNR, numeric ones zero-padded to 10. */
  customerNumber: string;
  /** KUNNR as sent (trimmed). */
  customerNumberAsSent: string;
  /** KTOKD. */
  accountGroup: string | null;
  /** ANRED. */
  title: string | null;
  names: PartyNames;
  /** SORTL. */
  searchTerm: string | null;
  address: PartyAddress;
  communication: PartyCommunication;
  /** SPRAS (case kept) / SPRAS_ISO (upper case); compare with sameLanguage. */
  language: LanguageCode | null;
  tax: PartyTax;
  /** BRSCH. */
  industry: string | null;
  /** KUKLA. */
  customerClassification: string | null;
  /** LIFNR: the customer's vendor account, canonical (padded to 10). */
  vendorNumber: string | null;
  /** KNURL (E1KNA11). */
  url: string | null;
  /** Central blocks (all sales areas / all company codes). */
  blocks: CustomerBlocks;
  /** LOEVM: central deletion flag (soft delete, record.deleted = true). */
  markedForDeletion: boolean;
  /** NODEL: central deletion block. */
  deletionBlocked: boolean;
  /** E1KNVVM (with E1KNVPM). */
  salesAreas: CustomerSalesArea[];
  /** E1KNB1M. */
  companyCodes: CustomerCompanyCode[];
  /** E1KNBKM. */
  bankDetails: PartyBankDetail[];
  /** E1KNVKM. */
  contactPersons: PartyContactPerson[];
  /** E1KNA1H with E1KNA1L lines joined. */
  texts: PartyText[];
  /** Customer/namespaced segments and fields at general level and anywhere not mapped below. */
  extensions: Extensions;
}

/** Sales blocks carry the block reason code sent; null means not blocked. */
export interface CustomerSalesBlocks {
  /** AUFSD: order block. */
  orderBlock: string | null;
  /** LIFSD: delivery block. */
  deliveryBlock: string | null;
  /** FAKSD: billing block. */
  billingBlock: string | null;
  /** CASSD: sales support (contact) block. */
  salesSupportBlock: string | null;
}

export interface CustomerBlocks extends CustomerSalesBlocks {
  /** SPERR: central posting block (all company codes). */
  postingBlock: boolean;
  /**
   * CVP_XBLCK: business purpose completed, SAP's data-protection block (end of purpose). Read when the IDoc
   * carries it; false when it does not.
   */
  businessPurposeCompleted: boolean;
}

export interface CustomerSalesArea {
  /** VKORG. */
  salesOrganization: string;
  /** VTWEG. */
  distributionChannel: string;
  /** SPART. */
  division: string;
  /** LOEVM at sales-area level: flagged for deletion in this sales area only (does not delete the customer). */
  markedForDeletion: boolean;
  /** Blocks for this sales area. */
  blocks: CustomerSalesBlocks;
  /** KDGRP. */
  customerGroup: string | null;
  /** BZIRK. */
  salesDistrict: string | null;
  /** VKBUR. */
  salesOffice: string | null;
  /** VKGRP. */
  salesGroup: string | null;
  /** WAERS. */
  currency: string | null;
  /** ZTERM. */
  paymentTerms: string | null;
  incoterms: Incoterms | null;
  /** KONDA. */
  priceGroup: string | null;
  /** PLTYP. */
  priceListType: string | null;
  /** KALKS. */
  pricingProcedure: string | null;
  /** VSBED. */
  shippingConditions: string | null;
  /** VWERK. */
  deliveringPlant: string | null;
  /** LPRIO (code, kept as sent). */
  deliveryPriority: string | null;
  /** KTGRD. */
  accountAssignmentGroup: string | null;
  /** E1KNVPM. */
  partnerFunctions: CustomerPartnerFunction[];
  changeType: ChangeType;
  extensions?: Extensions;
}

export interface CustomerPartnerFunction {
  /** PARVW, e.g. 'AG' sold-to, 'WE' ship-to, 'RE' bill-to, 'RG' payer. */
  partnerFunction: string;
  /** KUNN2: number of the partner, canonical (padded to 10). */
  partnerNumber: string | null;
  /** PARZA (partner counter, kept as sent). */
  partnerCounter: string | null;
  /** DEFPA. */
  defaultPartner: boolean;
  /** KNREF. */
  description: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

/** E1KNB1M: the company code fields customers and vendors share. */
export type CustomerCompanyCode = PartyCompanyCode;
