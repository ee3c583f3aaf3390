/** Generates MATMAS05 IDoc XML (from the published segment layout) for load tests, benchmarks and tests. */
export interface MaterialIdocOptions {
  matnr: string;
  docnum: string | number;
  serial?: string;
  credat?: string;
  cretim?: string;
  description?: string;
  materialGroup?: string;
  deletionFlag?: boolean;
  sender?: string;
  client?: string;
  /** Plant segments (E1MARCM, each with two storage locations) to reach realistic sizes: 10 make about 7.6 KB. */
  plants?: number;
}

function plantSegments(count: number): string {
  let xml = '';
  for (let index = 1; index <= count; index += 1) {
    const plant = String(1000 + index);
    xml += `
      <E1MARCM SEGMENT="1">
        <MSGFN>005</MSGFN>
        <WERKS>${plant}</WERKS>
        <PSTAT>VEDPLSQGB</PSTAT>
        <MAABC>B</MAABC>
        <EKGRP>001</EKGRP>
        <DISPO>001</DISPO>
        <DISMM>PD</DISMM>
        <PLIFZ>5</PLIFZ>
        <WEBAZ>1</WEBAZ>
        <PERKZ>M</PERKZ>
        <MTVFP>02</MTVFP>
        <E1MARDM SEGMENT="1">
          <MSGFN>005</MSGFN>
          <LGORT>0001</LGORT>
          <LGPBE>A-01-${index}</LGPBE>
        </E1MARDM>
        <E1MARDM SEGMENT="1">
          <MSGFN>005</MSGFN>
          <LGORT>0002</LGORT>
          <LGPBE>B-02-${index}</LGPBE>
        </E1MARDM>
      </E1MARCM>`;
  }
  return xml;
}

export function materialIdoc(options: MaterialIdocOptions): string {
  return materialDocument([options]);
}

function idocBody(o: MaterialIdocOptions): string {
  const docnum = String(o.docnum).padStart(16, '0');
  return `  <IDOC BEGIN="1">
    <EDI_DC40 SEGMENT="1">
      <TABNAM>EDI_DC40</TABNAM>
      <MANDT>${o.client ?? '100'}</MANDT>
      <DOCNUM>${docnum}</DOCNUM>
      <DOCREL>755</DOCREL>
      <STATUS>30</STATUS>
      <DIRECT>1</DIRECT>
      <OUTMOD>2</OUTMOD>
      <IDOCTYP>MATMAS05</IDOCTYP>
      <MESTYP>MATMAS</MESTYP>
      <SNDPOR>SAPS4H</SNDPOR>
      <SNDPRT>LS</SNDPRT>
      <SNDPRN>${o.sender ?? 'S4HCLNT100'}</SNDPRN>
      <RCVPOR>SYNCHUB</RCVPOR>
      <RCVPRT>LS</RCVPRT>
      <RCVPRN>SYNCHUB</RCVPRN>
      <CREDAT>${o.credat ?? '20261121'}</CREDAT>
      <CRETIM>${o.cretim ?? '101500'}</CRETIM>${o.serial ? `\n      <SERIAL>${o.serial}</SERIAL>` : ''}
    </EDI_DC40>
    <E1MARAM SEGMENT="1">
      <MSGFN>005</MSGFN>
      <MATNR>${o.matnr}</MATNR>
      <ERSDA>20240115</ERSDA>
      <ERNAM>INTEGRATION</ERNAM>${o.deletionFlag ? '\n      <LVORM>X</LVORM>' : ''}
      <MTART>FERT</MTART>
      <MBRSH>M</MBRSH>
      <MATKL>${o.materialGroup ?? 'L001'}</MATKL>
      <MEINS>PCE</MEINS>
      <BRGEW>         2.500</BRGEW>
      <NTGEW>2.000</NTGEW>
      <GEWEI>KGM</GEWEI>
      <E1MAKTM SEGMENT="1">
        <MSGFN>005</MSGFN>
        <SPRAS>E</SPRAS>
        <MAKTX>${o.description ?? 'Test material'}</MAKTX>
        <SPRAS_ISO>EN</SPRAS_ISO>
      </E1MAKTM>${plantSegments(o.plants ?? 0)}
    </E1MARAM>
  </IDOC>`;
}

export function materialDocument(idocs: MaterialIdocOptions[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<MATMAS05>
${idocs.map(idocBody).join('\n')}
</MATMAS05>
`;
}
