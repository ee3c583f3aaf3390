import { spawnSync } from 'node:child_process';
import * as net from 'node:net';

export function portOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function temporalHealthy(temporalBinary: string, address: string): boolean {
  const result = spawnSync(temporalBinary, ['operator', 'cluster', 'health', '--address', address], {
    encoding: 'utf8',
    timeout: 5_000,
  });
  return result.status === 0 && result.stdout.includes('SERVING');
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
