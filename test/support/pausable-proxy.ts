import * as net from 'node:net';

/**
 * A loopback TCP proxy that can hold traffic: while paused, bytes in either direction are held back (in order)
 * and delivered on resume, so the peer sees a server that stopped answering, not a closed connection.
 */
export class PausableProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private paused = false;
  private readonly held: Array<() => void> = [];
  /** Bytes the client side sent while the proxy was paused. */
  heldBytes = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.connect(client));
  }

  static async start(target: { host: string; port: number }): Promise<PausableProxy> {
    const proxy = new PausableProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get address(): string {
    const { port } = this.server.address() as net.AddressInfo;
    return `127.0.0.1:${port}`;
  }

  private connect(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk: Buffer) => this.forward(chunk, upstream, true));
    upstream.on('data', (chunk: Buffer) => this.forward(chunk, client, false));
  }

  private forward(chunk: Buffer, to: net.Socket, fromClient: boolean): void {
    if (!this.paused) {
      to.write(chunk);
      return;
    }
    if (fromClient) this.heldBytes += chunk.length;
    this.held.push(() => to.write(chunk));
  }

  pause(): void {
    this.paused = true;
    this.heldBytes = 0;
  }

  resume(): void {
    this.paused = false;
    for (const write of this.held.splice(0)) write();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
