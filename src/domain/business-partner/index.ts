export type {
  CanonicalBusinessPartner,
  BusinessPartnerCategory,
  BusinessPartnerGender,
  BusinessPartnerBlocks,
  BusinessPartnerPerson,
  BusinessPartnerOrganization,
  BusinessPartnerGroup,
  BusinessPartnerAddress,
  BusinessPartnerPoBox,
  CustomFieldValue,
} from './types';
export { businessPartnerDataSchema, businessPartnerAddressSchema, type BusinessPartnerData } from './schema';
export {
  transformBusinessPartner,
  transformBusinessPartnerResponse,
  type BusinessPartnerRecord,
} from './transform';
export {
  businessPartnerODataPath,
  externalBusinessPartnerNumber,
  API_BUSINESS_PARTNER_SERVICE_ROOT,
} from './odata-path';
export {
  odataDate,
  odataDateTime,
  odataTime,
  odataText,
  odataFlag,
  odataLocalDateTime,
  customFieldValue,
} from './odata-values';
