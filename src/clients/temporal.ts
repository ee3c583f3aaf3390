import * as fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalSettings } from '../config/app-config';

function tlsOptions(settings: TemporalSettings) {
  if (!settings.tls) return undefined;
  if (settings.clientCertPath && settings.clientKeyPath) {
    return {
      clientCertPair: {
        crt: fs.readFileSync(settings.clientCertPath),
        key: fs.readFileSync(settings.clientKeyPath),
      },
    };
  }
  return true;
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

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({
    ...connectionOptions(settings),
    channelArgs: { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES },
  });
  return new Client({ connection, namespace: settings.namespace });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings));
}
