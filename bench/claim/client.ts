import { Agent, request } from 'node:http';

export interface Reply {
  status: number;
  text: string;
}

/**
 * A small HTTP/1.1 JSON client on node:http with one keep-alive socket per simulated helper. It costs the
 * load generator less CPU per request than fetch, which matters on a small machine where the generator
 * shares the cores with the server under test.
 */
export class KeepAliveClient {
  readonly #agent: Agent;
  readonly #host: string;
  readonly #port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    this.#host = url.hostname;
    this.#port = Number(url.port);
    this.#agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  send(method: 'GET' | 'POST' | 'PATCH', path: string, token: string, body?: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = token ? { authorization: `Bearer ${token}` } : {};
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = request({ host: this.#host, port: this.#port, path, method, headers, agent: this.#agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends a JSON body (or none); throws unless 2xx; returns the parsed answer. An empty token sends no authorization. */
  async json<T>(method: 'GET' | 'POST' | 'PATCH', path: string, token: string, body?: unknown): Promise<T> {
    const r = await this.send(method, path, token, body === undefined ? undefined : JSON.stringify(body));
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 500)}`);
    return JSON.parse(r.text) as T;
  }

  close(): void {
    this.#agent.destroy();
  }
}
