import { createServer, type IncomingMessage } from 'node:http';

export interface WebhookReply {
  readonly status: number;
  readonly body: unknown;
}

const MAX_BODY = 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('payload too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Serves Stripe webhooks: POST with the raw body and its Stripe-Signature
 * header to `handle`; resolves once listening with a `close()`.
 */
export async function serveWebhooks(
  options: { readonly port: number; readonly host: string },
  handle: (payload: string, signature: string) => Promise<WebhookReply>,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const reply = async (): Promise<WebhookReply> => {
      if (request.method !== 'POST') return { status: 405, body: { error: 'POST only' } };
      let payload: string;
      try {
        payload = await readBody(request);
      } catch (error) {
        return { status: 413, body: { error: (error as Error).message } };
      }
      const signature = request.headers['stripe-signature'];
      return handle(payload, typeof signature === 'string' ? signature : '');
    };
    const { status, body } = await reply();
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
