import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';

/** What a TLS handshake with a gRPC frontend needs: the address and what the connection would present. */
export interface TlsProbe {
  address: string;
  caPath?: string;
  serverName?: string;
  certPath?: string;
  keyPath?: string;
  /** The variables that set each of the above, named in the hints. */
  variables: { ca: string; serverName?: string; cert: string; key: string };
}

function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) };
}

function hint(message: string, probe: TlsProbe): string {
  const { variables } = probe;
  if (/self.signed|unable to (verify|get local issuer)|unknown ca|certificate chain/i.test(message))
    return `the server's certificate is not signed by a CA this process trusts: set ${variables.ca} to the CA that signed it`;
  if (/altnames|does not match|hostname/i.test(message))
    return variables.serverName
      ? `the server's certificate is for another name: set ${variables.serverName} to the name it carries`
      : "the server's certificate is for another name";
  if (/certificate required|handshake failure|bad certificate|alert number 116/i.test(message))
    return `the server requires a client certificate this process did not present or it refused: set ${variables.cert} and ${variables.key}`;
  if (/wrong version number|packet length too long/i.test(message))
    return 'the server does not answer TLS on this port (a plaintext port, or TLS turned on by mistake)';
  if (/expired|not yet valid/i.test(message))
    return "the server's certificate is outside its validity period";
  return 'check the TLS settings';
}

/** OpenSSL's alerts arrive as `<hex>:error:<code>:SSL routines:<function>:<reason>:<file>:<line>:…`. */
function readable(message: string): string {
  const alert = /SSL routines:[^:]*:([^:]+):/.exec(message);
  return alert ? `the server ended the handshake: ${alert[1]}` : message.replace(/:\s*$/, '');
}

function failure(error: Error, probe: TlsProbe): string {
  return `${readable(error.message)}; ${hint(error.message, probe)}`;
}

/**
 * Performs one TLS handshake as the gRPC client would and says why it fails (undefined when it succeeds).
 * gRPC clients report a refused certificate only as a connection deadline; this names the cause.
 */
export async function diagnoseTls(probe: TlsProbe, timeoutMs = 5_000): Promise<string | undefined> {
  const { host, port } = hostAndPort(probe.address);
  const servername = probe.serverName ?? (net.isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      ...(servername ? { servername } : {}),
      ...(probe.caPath ? { ca: [fs.readFileSync(probe.caPath)] } : {}),
      ...(probe.certPath && probe.keyPath
        ? { cert: fs.readFileSync(probe.certPath), key: fs.readFileSync(probe.keyPath) }
        : {}),
      ALPNProtocols: ['h2'],
      timeout: timeoutMs,
    });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.once('secureConnect', () => {
      // TLS 1.3 servers refuse a missing client certificate after the handshake: wait for that alert.
      socket.once('error', (error: Error) => done(failure(error, probe)));
      socket.once('close', () => done(undefined));
      setTimeout(() => done(undefined), 300);
    });
    socket.once('error', (error: Error) => done(failure(error, probe)));
    socket.once('timeout', () => done(`no TLS handshake within ${timeoutMs} ms`));
  });
}
