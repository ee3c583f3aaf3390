import * as fs from 'node:fs';
import { createSapODataClient } from '../../adapters/sap-odata-client';
import { loadConfig } from '../../config/app-config';
import { readRecordText } from '../../ingest/record-text';
import {
  businessPartnerODataPath,
  describeBusinessPartnerEvent,
  documentKind,
  isLoadEventType,
  isSapDocumentError,
  parseCloudEvents,
  transformBusinessPartner,
  transformDocument,
  transformLoadEvent,
  validateRecord,
  type CanonicalRecord,
} from '../../domain';

/** Exit code for a document SyncHub cannot accept (the transform contract). */
export const EXIT_REJECTED = 2;

class RejectedDocument extends Error {}

/** Reads the bytes and decodes them by the same rules as a Kafka record (BOM, XML declaration, ...). */
function readInput(file: string): string {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  } catch (error) {
    throw new RejectedDocument(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return readRecordText(bytes).text;
}

function line(record: CanonicalRecord): string {
  const { entityType, entityKey, deleted, version, changeType, source, data } = record;
  return JSON.stringify({ entityType, entityKey, deleted, version, changeType, source, data });
}

/** Business events carry only keys: each entity is read from SAP's OData API, as the worker does. */
async function enrichEvents(text: string, odataUrl: string | undefined): Promise<CanonicalRecord[]> {
  const events = parseCloudEvents(text);
  const sap = loadConfig().sap;
  const baseUrl = odataUrl ?? sap.odataUrl;
  // Initial-load events carry their entity; only business events need SAP.
  if (baseUrl === undefined && events.every((event) => isLoadEventType(event.type))) {
    return events.map((event) => transformLoadEvent(event));
  }
  if (baseUrl === undefined) {
    throw new RejectedDocument(
      `${events.length} business event(s) carry only keys (e.g. business partner ${String(events[0]?.data.BusinessPartner)}); ` +
        'pass --odata-url or set SYNCHUB_SAP_ODATA_URL to read the entities from API_BUSINESS_PARTNER',
    );
  }
  const client = createSapODataClient({ ...sap, baseUrl });
  const records: CanonicalRecord[] = [];
  for (const event of events) {
    if (isLoadEventType(event.type)) {
      records.push(transformLoadEvent(event));
      continue;
    }
    const path = businessPartnerODataPath(describeBusinessPartnerEvent(event).entityKey);
    let body: string;
    try {
      body = await client.get(path);
    } catch (error) {
      throw new RejectedDocument(error instanceof Error ? error.message : String(error));
    }
    records.push(transformBusinessPartner(body, event));
  }
  return records;
}

/** `synchub transform`: prints the records of the document, or refuses it with exit 2. */
export async function runTransform(file: string, options: { odataUrl?: string }): Promise<void> {
  try {
    const text = readInput(file);
    const records =
      documentKind(text) === 'cloudevents'
        ? await enrichEvents(text, options.odataUrl)
        : transformDocument(text);
    const lines = records.map((record) => `${line(validateRecord(record))}\n`);
    process.stdout.write(lines.join(''));
  } catch (error) {
    if (!(error instanceof RejectedDocument) && !isSapDocumentError(error)) throw error;
    process.stderr.write(`error: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = EXIT_REJECTED;
  }
}
