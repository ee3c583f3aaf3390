import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** PEM files of a private CA and certificates it signed, made with openssl at test time (never committed). */
export interface TestCertificates {
  dir: string;
  caCert: string;
  /** A second CA that signed nothing here: trusting it instead of `caCert` must fail. */
  otherCaCert: string;
  /** Server certificate for `localhost` and `127.0.0.1`. */
  serverCert: string;
  serverKey: string;
  /** Server certificate for `temporal.test` only (a name the client must be told to expect). */
  namedServerCert: string;
  namedServerKey: string;
  /** Client certificate for mTLS (CN `synchub-worker`). */
  clientCert: string;
  clientKey: string;
  /** The server certificate and key with the CA chain as PKCS#12 (`password`), for a Java keystore. */
  serverP12: string;
  p12Password: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newCa(dir: string, name: string): void {
  openssl(dir, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
    '-keyout', `${name}.key`, '-out', `${name}.crt`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
}

function signed(dir: string, name: string, subject: string, extensions: string[]): void {
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${subject}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]); // prettier-ignore
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  openssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`,
  ]); // prettier-ignore
}

/**
 * A private CA with server and client certificates (RSA 2048, two days), in a fresh temporary directory.
 * Servers on loopback carry the SANs `DNS:localhost` and `IP:127.0.0.1`, as Node and rustls check them.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-certs-'));
  const server = ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment'];
  newCa(dir, 'ca');
  newCa(dir, 'other-ca');
  signed(dir, 'server', 'localhost', [
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ...server,
    'extendedKeyUsage=serverAuth',
  ]);
  signed(dir, 'named-server', 'temporal.test', [
    'subjectAltName=DNS:temporal.test',
    ...server,
    'extendedKeyUsage=serverAuth',
  ]);
  signed(dir, 'client', 'synchub-worker', [...server, 'extendedKeyUsage=clientAuth']);
  const p12Password = 'synchub-test';
  openssl(dir, [
    'pkcs12', '-export', '-inkey', 'server.key', '-in', 'server.crt', '-certfile', 'ca.crt',
    '-name', 'broker', '-passout', `pass:${p12Password}`, '-out', 'server.p12',
  ]); // prettier-ignore
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    caCert: file('ca.crt'),
    otherCaCert: file('other-ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    namedServerCert: file('named-server.crt'),
    namedServerKey: file('named-server.key'),
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
    serverP12: file('server.p12'),
    p12Password,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
