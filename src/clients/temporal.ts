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

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings));
  return new Client({ connection, namespace: settings.namespace });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings));
}
