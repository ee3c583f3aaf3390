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
 * The canonical vendor, designed from the CREMAS05 segments (CREMAS06 compatible). Absent values are null
 * (never undefined), dates are ISO 'YYYY-MM-DD', amounts are numbers with their currency, keys and codes
 * stay strings, customer and vendor numbers referenced are ALPHA-padded to 10 like the key. Entries of
 * repeating segments carry the segment's own MSGFN as changeType ('delete' = this entry is removed).
 */

/** General data: E1LFA1M with its child segments. */
export interface CanonicalVendor {
  /** Canonical vendor number (= record entityKey): LIFNR, numeric ones zero-padded to 10. */
  vendorNumber: string;
  /** LIFNR as sent (trimmed). */
  vendorNumberAsSent: string;
  /** KTOKK. */
  accountGroup: string | null;
  /** ANRED. */
  title: string | null;
  names: PartyNames;
  /** SORTL. */
  searchTerm: string | null;
  address: PartyAddress;
  communication: PartyCommunication;
  /** SPRAS (case kept; E1LFA1M carries no SPRAS_ISO, so iso is null). */
  language: LanguageCode | null;
  tax: PartyTax;
  /** BRSCH. */
  industry: string | null;
  /** KUNNR: the vendor's customer account, canonical (padded to 10). */
  customerNumber: string | null;
  /** LFURL (E1LFA1A). */
  url: string | null;
  /** ERDAT. */
  createdOn: string | null;
  /** ERNAM. */
  createdBy: string | null;
  /** Central blocks. */
  blocks: VendorBlocks;
  /** LOEVM: central deletion flag (soft delete, record.deleted = true). */
  markedForDeletion: boolean;
  /** NODEL: central deletion block. */
  deletionBlocked: boolean;
  /** E1LFB1M. */
  companyCodes: VendorCompanyCode[];
  /** E1LFM1M. */
  purchasingOrganizations: VendorPurchasingOrganization[];
  /** E1LFBKM. */
  bankDetails: PartyBankDetail[];
  /** E1KNVKM. */
  contactPersons: PartyContactPerson[];
  /** E1LFA1H with E1LFA1L lines joined. */
  texts: PartyText[];
  /** Customer/namespaced segments and fields at general level and anywhere not mapped below. */
  extensions: Extensions;
}

export interface VendorBlocks {
  /** SPERR: central posting block (all company codes). */
  postingBlock: boolean;
  /** SPERM: central purchasing block (all purchasing organisations). */
  purchasingBlock: boolean;
  /** SPERQ: block reason (function to be blocked), code as sent; null when not sent. */
  blockReason: string | null;
  /**
   * CVP_XBLCK: business purpose completed, SAP's data-protection block (end of purpose). Read when the IDoc
   * carries it; false when it does not.
   */
  businessPurposeCompleted: boolean;
}

export interface VendorCompanyCode extends PartyCompanyCode {
  /** HBKID. */
  houseBank: string | null;
  /** ERDAT. */
  createdOn: string | null;
  /** ERNAM. */
  createdBy: string | null;
}

/** An amount with its currency (the currency field of the same segment). */
export interface VendorAmount {
  value: number;
  currency: string | null;
}

export interface VendorPurchasingOrganization {
  /** EKORG. */
  purchasingOrganization: string;
  /** LOEVM at purchasing level (does not delete the vendor). */
  markedForDeletion: boolean;
  /** SPERM at purchasing organisation level. */
  purchasingBlock: boolean;
  /** WAERS (purchase order currency). */
  orderCurrency: string | null;
  /** ZTERM. */
  paymentTerms: string | null;
  incoterms: Incoterms | null;
  /** EKGRP. */
  purchasingGroup: string | null;
  /** VERKF. */
  salesPerson: string | null;
  /** TELF1. */
  telephone: string | null;
  /** MINBW in WAERS. */
  minimumOrderValue: VendorAmount | null;
  /** LFABC. */
  abcIndicator: string | null;
  /** WEBRE: GR-based invoice verification. */
  grBasedInvoiceVerification: boolean;
  /** XERSY: evaluated receipt settlement. */
  evaluatedReceiptSettlement: boolean;
  /** KZABS: order acknowledgment required. */
  acknowledgmentRequired: boolean;
  /** PLIFZ, days. */
  plannedDeliveryDays: number | null;
  /** ERDAT. */
  createdOn: string | null;
  /** ERNAM. */
  createdBy: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}
