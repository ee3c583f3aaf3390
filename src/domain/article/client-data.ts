import { measure } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';
import { statusOf } from '../material/common';
import type { CanonicalMaterial } from '../material/types';
import { bapiUnit } from './fields';

export type ArticleGeneralData = Pick<
  CanonicalMaterial,
  | 'materialType'
  | 'industrySector'
  | 'materialGroup'
  | 'oldMaterialNumber'
  | 'division'
  | 'productHierarchy'
  | 'baseUnit'
  | 'purchaseOrderUnit'
  | 'grossWeight'
  | 'netWeight'
  | 'volume'
  | 'dimensions'
  | 'ean'
  | 'crossPlantStatus'
  | 'crossDistributionChainStatus'
  | 'batchManaged'
  | 'configurable'
  | 'markedForDeletion'
  | 'maintenanceStatus'
  | 'createdOn'
  | 'createdBy'
  | 'lastChangedOn'
  | 'lastChangedBy'
>;

/** The article category of a generic article (MATL_CAT): a configurable material in SAP terms. */
export const GENERIC_ARTICLE = '01';

/**
 * The MATMAS fields an article shares: article type and merchandise category from the header, the rest from
 * the article's E1BPE1MARART (client level). An article without E1BPE1MARART has them all empty.
 */
export function readArticleGeneralData(
  header: SegmentReader,
  client: SegmentReader | undefined,
): ArticleGeneralData {
  const field = (read: (reader: SegmentReader) => string | null) => (client ? read(client) : null);
  const netWeight = client?.decimal('NET_WEIGHT') ?? null;
  return {
    materialType: header.text('MATL_TYPE'),
    industrySector: null,
    materialGroup: header.text('MATL_GROUP'),
    oldMaterialNumber: field((reader) => reader.text('OLD_MAT_NO')),
    division: field((reader) => reader.text('DIVISION')),
    productHierarchy: field((reader) => reader.text('PROD_HIER')),
    baseUnit: client ? bapiUnit(client, 'BASE_UOM') : null,
    purchaseOrderUnit: client ? bapiUnit(client, 'PO_UNIT') : null,
    grossWeight: null,
    netWeight: client ? measure(netWeight, bapiUnit(client, 'UNIT_OF_WT')) : null,
    volume: null,
    dimensions: null,
    ean: null,
    crossPlantStatus: client ? statusOf(client, 'PUR_STATUS', 'PVALIDFROM') : null,
    crossDistributionChainStatus: client ? statusOf(client, 'SAL_STATUS', 'SVALIDFROM') : null,
    batchManaged: client?.flag('BATCH_MGMT') ?? false,
    configurable: header.text('MATL_CAT') === GENERIC_ARTICLE,
    markedForDeletion: client?.flag('DEL_FLAG') ?? false,
    maintenanceStatus: null,
    createdOn: client?.date('CREATED_ON') ?? null,
    createdBy: field((reader) => reader.text('CREATED_BY')),
    lastChangedOn: client?.date('LAST_CHNGE') ?? null,
    lastChangedBy: field((reader) => reader.text('CHANGED_BY')),
  };
}
