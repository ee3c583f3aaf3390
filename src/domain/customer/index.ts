import type { IdocEntityHandler } from '../idoc/entity-handler';
import { CUSTOMER_IDOC_LABEL, isCustomerIdoc } from './detect';
import { describeCustomer, transformCustomer } from './transform';

export type {
  CanonicalCustomer,
  CustomerBlocks,
  CustomerSalesBlocks,
  CustomerSalesArea,
  CustomerPartnerFunction,
  CustomerCompanyCode,
} from './types';
export type {
  PartyNames,
  PartyAddress,
  PartyCommunication,
  PartyTax,
  PartyCompanyCode,
  PartyBankDetail,
  PartyContactPerson,
  PartyText,
  Incoterms,
} from '../party/types';
export { customerDataSchema } from './schema';
export { describeCustomer, transformCustomer, transformCustomerIdoc } from './transform';
export { CUSTOMER_IDOC_LABEL, isCustomerIdoc } from './detect';
export { CustomerSegment } from './segments';

/** Customer master IDocs (DEBMAS): register in IDOC_HANDLERS. */
export const customerIdocHandler: IdocEntityHandler = {
  entityType: 'customer',
  label: CUSTOMER_IDOC_LABEL,
  accepts: isCustomerIdoc,
  describe: describeCustomer,
  transform: transformCustomer,
};
