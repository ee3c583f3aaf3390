import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomId } from './ids';
import { withRandomKeys } from './randomise-keys';

const CUSTOMER_FIXTURE = path.join(__dirname, '..', 'fixtures', 'sap', 'DEBMAS07_full_customer.xml');

export interface PersonalMarkers {
  name: string;
  street: string;
  iban: string;
}

/** Invented personal data, each unique to this run so a hit cannot come from anywhere else. */
export function personalMarkers(): PersonalMarkers {
  const tag = randomId('')
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6);
  return {
    name: `Zq7${tag} Privat-Müller`,
    street: `Geheimweg ${tag} 7`,
    iban: `DE44${tag.replace(/\D/g, '1').padEnd(6, '1')}000123456789`.slice(0, 22),
  };
}

/** The DEBMAS07 fixture of a new customer (random keys) carrying the markers as name, street and IBAN. */
export function customerDocument(personal: PersonalMarkers, bankValidFrom = '20240101'): string {
  return withRandomKeys(fs.readFileSync(CUSTOMER_FIXTURE, 'utf8'))
    .replace(/<NAME1>Nordwind Handels GmbH<\/NAME1>/g, `<NAME1>${personal.name}</NAME1>`)
    .replace(/<KOINH>Nordwind Handels GmbH<\/KOINH>/g, `<KOINH>${personal.name}</KOINH>`)
    .replace('<STRAS>Am Sandtorkai 12</STRAS>', `<STRAS>${personal.street}</STRAS>`)
    .replace('<IBAN>DE09123456780001234567</IBAN>', `<IBAN>${personal.iban}</IBAN>`)
    .replace('<KOVON>20240101</KOVON>', `<KOVON>${bankValidFrom}</KOVON>`);
}
