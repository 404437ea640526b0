/**
 * The plumbing the fake API servers (gmail-api-server.ts, graph-api-server.ts) share: an
 * HTTP server on 127.0.0.1 that keeps its port across outages, tracks its sockets so an
 * outage can cut them, and the network switches every fake offers:
 *
 *   refuseConnections(forMs?)  the listening socket and every open connection are closed
 *                              (clients get ECONNREFUSED); with `forMs`, restored after that
 *   restore()                  listens again on the same port, and stops dropping
 *   dropConnections(forMs)     the socket of every request that arrives in the next `forMs`
 *                              is destroyed: the request reached the server, no answer came
 *   setLatency(ms)             a delay before answers (fixed, or uniform in [minMs, maxMs]);
 *                              each fake decides which answers wait (`delay()`)
 *
 * A subclass routes requests in `handle`, and starts with `listen(0)` in its static start().
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeHttpServerOptions {
  /**
   * After closing, wait this long, so clients notice that their pooled keep-alive sockets
   * are gone and their next request meets a refused connection, not a dead pooled socket.
   */
  settleAfterCloseMs?: number;
}

export abstract class FakeHttpServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly settleAfterCloseMs: number;
  private port = 0;
  private listening = false;
  private latency = { minMs: 0, maxMs: 0 };
  private dropUntil = 0;
  private restoreTimer: NodeJS.Timeout | null = null;

  protected constructor(options: FakeHttpServerOptions = {}) {
    this.settleAfterCloseMs = options.settleAfterCloseMs ?? 0;
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Delay before each answer that waits (fixed, or uniform in [minMs, maxMs]). */
  setLatency(ms: number | { minMs: number; maxMs: number }): void {
    this.latency = typeof ms === 'number' ? { minMs: ms, maxMs: ms } : ms;
  }

  /** Connection refused: closes the listening socket and every open connection; with `forMs`, listens again on the same port after that time. */
  async refuseConnections(forMs?: number): Promise<void> {
    this.cancelRestore();
    if (this.listening) await this.close();
    if (forMs !== undefined) {
      this.restoreTimer = setTimeout(() => {
        this.restoreTimer = null;
        void this.restore();
      }, forMs);
    }
  }

  /** Ends an outage: listens again on the same port, and stops dropping. */
  async restore(): Promise<void> {
    this.cancelRestore();
    this.dropUntil = 0;
    if (!this.listening) await this.listen(this.port);
  }

  /** Destroys the socket of every request that arrives in the next `forMs` (the request reached the server; no answer). */
  dropConnections(forMs: number): void {
    this.dropUntil = Date.now() + forMs;
  }

  async stop(): Promise<void> {
    this.cancelRestore();
    if (this.listening) await this.close();
  }

  // --- For subclasses ---------------------------------------------------------------------------

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): void;

  /** Listens on 127.0.0.1:`port` (0: a random port, kept for later restores). */
  protected listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  /** During dropConnections: destroys the request's socket and says true. */
  protected dropsConnection(req: http.IncomingMessage): boolean {
    if (Date.now() >= this.dropUntil) return false;
    req.socket.destroy();
    return true;
  }

  /**
   * Collects the request body, keeping at most `maxBytes` (`tooLarge` says more came), then
   * calls `onBody`. A request that fails midway loses its socket.
   */
  protected readBody(req: http.IncomingMessage, maxBytes: number, onBody: (text: string, tooLarge: boolean) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => onBody(Buffer.concat(chunks).toString('utf8'), size > maxBytes));
    req.on('error', () => req.socket.destroy());
  }

  /** The configured latency (a fresh draw for each call). */
  protected delay(): Promise<void> {
    const { minMs, maxMs } = this.latency;
    const ms = minMs === maxMs ? minMs : minMs + Math.random() * (maxMs - minMs);
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }

  /** Answers JSON, or an HTML page when `payload` is a string; nothing when the client is gone or an answer started. */
  protected writeAnswer(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed || res.headersSent) return;
    const html = typeof payload === 'string';
    const text = html ? payload : JSON.stringify(payload);
    res.writeHead(status, { 'content-type': html ? 'text/html; charset=UTF-8' : 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  // --- Plumbing ---------------------------------------------------------------------------------

  private cancelRestore(): void {
    if (this.restoreTimer) clearTimeout(this.restoreTimer);
    this.restoreTimer = null;
  }

  private async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
    this.listening = false;
    if (this.settleAfterCloseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settleAfterCloseMs));
  }
}
