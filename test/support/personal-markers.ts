import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomId } from './ids';
import { withRandomKeys } from './randomise-keys';

const CUSTOMER_FIXTURE = path.join(__dirname, '..', 'fixtures', 'sap', 'DEBMAS07_full_customer.xml');
const VENDOR_FIXTURE = path.join(__dirname, '..', 'fixtures', 'sap', 'CREMAS05_full_vendor.xml');

export interface PersonalMarkers {
  name: string;
  street: string;
  iban: string;
  /** A contact person's last name. */
  contact: string;
  phone: string;
}

/** Invented personal data, each unique to this run so a hit cannot come from anywhere else. */
export function personalMarkers(): PersonalMarkers {
  const tag = randomId('')
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6);
  const digits = tag.replace(/\D/g, '1').padEnd(6, '1');
  return {
    name: `Zq7${tag} Privat-Müller`,
    street: `Geheimweg ${tag} 7`,
    iban: `DE44${digits}000123456789`.slice(0, 22),
    contact: `Kontakt${tag}Zq7`,
    phone: `+49 30 7${digits}9`,
  };
}

/** The DEBMAS07 fixture of a new customer (random keys) carrying the markers as name, street, IBAN, ... */
export function customerDocument(personal: PersonalMarkers, bankValidFrom = '20240101'): string {
  return withRandomKeys(fs.readFileSync(CUSTOMER_FIXTURE, 'utf8'))
    .replace(/<NAME1>Nordwind Handels GmbH<\/NAME1>/g, `<NAME1>${personal.name}</NAME1>`)
    .replace(/<KOINH>Nordwind Handels GmbH<\/KOINH>/g, `<KOINH>${personal.name}</KOINH>`)
    .replace('<STRAS>Am Sandtorkai 12</STRAS>', `<STRAS>${personal.street}</STRAS>`)
    .replace('<IBAN>DE09123456780001234567</IBAN>', `<IBAN>${personal.iban}</IBAN>`)
    .replace('<KOVON>20240101</KOVON>', `<KOVON>${bankValidFrom}</KOVON>`)
    .replace('<NAME1>Schmidt</NAME1>', `<NAME1>${personal.contact}</NAME1>`)
    .replace('<TELF1>+49 40 1234567</TELF1>', `<TELF1>${personal.phone}</TELF1>`);
}

/**
 * The CREMAS05 fixture of a new vendor (random keys) carrying the markers; `bankValidFrom` adds a KOVON to
 * its bank details (text there makes the document invalid on a personal field).
 */
export function vendorDocument(personal: PersonalMarkers, bankValidFrom?: string): string {
  return withRandomKeys(fs.readFileSync(VENDOR_FIXTURE, 'utf8'))
    .replace(/<NAME1>Hanse Hydraulik AG<\/NAME1>/g, `<NAME1>${personal.name}</NAME1>`)
    .replace(/<KOINH>Hanse Hydraulik AG<\/KOINH>/g, `<KOINH>${personal.name}</KOINH>`)
    .replace('<STRAS>Schlachte 3</STRAS>', `<STRAS>${personal.street}</STRAS>`)
    .replace(
      '<IBAN>DE31876543210009876543</IBAN>',
      `<IBAN>${personal.iban}</IBAN>${bankValidFrom === undefined ? '' : `<KOVON>${bankValidFrom}</KOVON>`}`,
    )
    .replace('<NAME1>Becker</NAME1>', `<NAME1>${personal.contact}</NAME1>`)
    .replace('<TELF1>+49 421 555010</TELF1>', `<TELF1>${personal.phone}</TELF1>`);
}
