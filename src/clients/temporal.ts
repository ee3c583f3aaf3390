import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter, Payload } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import type { CodecKeySource, TemporalSettings } from '../config/app-config';
import { EncryptionCodec, parseKeyRing, type KeyRing } from './payload-codec';
import { diagnoseTls } from './tls-diagnosis';

/** The failure converter every client, worker and workflow bundle uses (failure messages encoded). */
export function failureConverterPath(): string {
  return require.resolve('../workflows/failure-converter');
}

/**
 * Writes the embedded stack's key ring with one random key unless it exists (readable by its owner only).
 * Several processes may get there at once: the first write wins, the others read it.
 */
export function ensureLocalKeyRing(file: string): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ring = [
    '# Payload encryption key of this embedded stack (made by SyncHub; SYNCHUB_CODEC_KEYS_FILE to use others).',
    `local-${new Date().toISOString().slice(0, 10)}:${randomBytes(32).toString('base64')}`,
    '',
  ].join('\n');
  try {
    fs.writeFileSync(file, ring, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** The key ring the settings name. */
export function loadKeyRing(source: CodecKeySource): KeyRing {
  if ('inline' in source) return parseKeyRing(source.inline, 'SYNCHUB_CODEC_KEYS');
  if (source.generate) ensureLocalKeyRing(source.file);
  let text: string;
  try {
    text = fs.readFileSync(source.file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the payload encryption keys (SYNCHUB_CODEC_KEYS_FILE=${source.file}): ${(error as Error).message}`,
    );
  }
  return parseKeyRing(text, source.file);
}

/** Decodes payloads read straight from a history (as an operator tool or a test does): decrypted when encrypted. */
export function payloadDecoder(
  settings: Pick<TemporalSettings, 'codecKeys'>,
): (payloads: Payload[]) => Promise<Payload[]> {
  const codec = settings.codecKeys ? new EncryptionCodec(loadKeyRing(settings.codecKeys)) : undefined;
  return async (payloads) => (codec ? codec.decode(payloads) : payloads);
}

/**
 * How SyncHub's payloads and failures are converted for Temporal: failures always encoded, payloads encrypted
 * when keys are configured. Clients and workers of one installation must use the same.
 */
export function temporalDataConverter(settings: Pick<TemporalSettings, 'codecKeys'>): DataConverter {
  return {
    failureConverterPath: failureConverterPath(),
    ...(settings.codecKeys ? { payloadCodecs: [new EncryptionCodec(loadKeyRing(settings.codecKeys))] } : {}),
  };
}

/** TLS to the frontend, always verified: against the system's CAs, or the configured private CA. */
function tlsOptions(settings: TemporalSettings) {
  if (!settings.tls) return undefined;
  const read = (file: string, variable: string) => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new Error(`cannot read ${variable}=${file}: ${(error as Error).message}`);
    }
  };
  return {
    ...(settings.serverCaCertPath
      ? { serverRootCACertificate: read(settings.serverCaCertPath, 'TEMPORAL_TLS_SERVER_CA_CERT_PATH') }
      : {}),
    ...(settings.serverName ? { serverNameOverride: settings.serverName } : {}),
    ...(settings.clientCertPath && settings.clientKeyPath
      ? {
          clientCertPair: {
            crt: read(settings.clientCertPath, 'TEMPORAL_TLS_CLIENT_CERT_PATH'),
            key: read(settings.clientKeyPath, 'TEMPORAL_TLS_CLIENT_KEY_PATH'),
          },
        }
      : {}),
  };
}

function connectionOptions(settings: TemporalSettings) {
  return {
    address: settings.address,
    tls: tlsOptions(settings),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

/**
 * What a client accepts in one answer. gRPC's default of 4 MiB is less than one page of a large history can
 * be: the server pages by event batches, and the signals buffered while one workflow task ran form one batch
 * (600 signals of 7 KB are 4.5 MB). Operator commands must be able to read exactly those histories.
 */
const MAX_RECEIVE_BYTES = 128 * 1024 * 1024;

/**
 * Connects, and when the connection fails with TLS on, says why in words: gRPC reports a refused certificate
 * only as a missed deadline (Node) or a bare transport error (the worker's native client).
 */
async function withTlsDiagnosis<T>(settings: TemporalSettings, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    if (!settings.tls) throw error;
    const reason = await diagnoseTls({
      address: settings.address,
      caPath: settings.serverCaCertPath,
      serverName: settings.serverName,
      certPath: settings.clientCertPath,
      keyPath: settings.clientKeyPath,
      variables: {
        ca: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
        serverName: 'TEMPORAL_TLS_SERVER_NAME',
        cert: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
        key: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
      },
    }).catch(() => undefined);
    if (!reason) throw error;
    throw new Error(`cannot connect to Temporal at ${settings.address}: TLS failed: ${reason}`, {
      cause: error,
    });
  }
}

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await withTlsDiagnosis(settings, () =>
    Connection.connect({
      ...connectionOptions(settings),
      channelArgs: { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES },
    }),
  );
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: temporalDataConverter(settings),
  });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return withTlsDiagnosis(settings, () => NativeConnection.connect(connectionOptions(settings)));
}
