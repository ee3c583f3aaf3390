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
      </E1MAKTM>
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
