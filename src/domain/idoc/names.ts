/**
 * SAP namespaced names ('/NS/NAME') cannot be XML element names, so IDoc XML writes them as '_-NS_-NAME'.
 */
export function decodeSapName(xmlName: string): string {
  return xmlName.includes('_-') ? xmlName.replace(/_-/g, '/') : xmlName;
}

export function encodeSapName(sapName: string): string {
  return sapName.replace(/\//g, '_-');
}

/** '/ABC/MATMAS' -> 'MATMAS'; names without a namespace are returned unchanged. */
export function withoutNamespace(sapName: string): string {
  return sapName.replace(/^\/[^/]+\//, '');
}

/** Element name without an XML namespace prefix ('ns0:MATMAS05' -> 'MATMAS05'). */
export function localXmlName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon < 0 ? qualifiedName : qualifiedName.slice(colon + 1);
}

/** SAP standard segments are named E1..., E2..., E3...; customer (Z1..., Y1...) and namespaced ones are not. */
export function isStandardSegmentName(xmlName: string): boolean {
  return /^E[123]/.test(xmlName);
}

/** Fields added to a standard segment by a namespace ('_-NS_-FIELD') or a customer append (ZZ..., YY...). */
export function isExtensionFieldName(xmlName: string): boolean {
  return xmlName.startsWith('_-') || /^(ZZ|YY)/.test(xmlName);
}
