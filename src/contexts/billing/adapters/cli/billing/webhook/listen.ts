import { isAppError } from '../../../../../../kernel/app-error.js';
import { defineVerb } from '../../../../../../module.js';

export interface ListenOptions {
  readonly port: string;
  readonly host: string;
}

export default defineVerb<ListenOptions>({
  flags: (c) =>
    c
      .option('--port <n>', 'port to listen on (0 picks a free one)', '8787')
      .option('--host <address>', 'address to listen on (loopback unless you put a proxy in front)', '127.0.0.1'),
  description:
    'Prints one line per event to stderr; stops on Ctrl-C or SIGTERM. Signed events get 200, bad or stale signatures 400 with nothing changed.',
  examples: ['renfe billing webhook listen --port 8787', 'stripe listen --forward-to http://127.0.0.1:8787/webhook'],
  async run(opts, ctx) {
    const port = Number(opts.port);
    const app = await ctx.app();
    const { serveWebhooks } = await import('../../../http/webhook-server.js');
    const server = await serveWebhooks({ port, host: opts.host }, async (payload, signature) => {
      try {
        const outcome = await app.billing.handleWebhook(payload, signature);
        ctx.io.stderr.write(`event ${outcome.event} ${outcome.type}: ${outcome.outcome}\n`);
        return { status: 200, body: outcome };
      } catch (error) {
        const message = isAppError(error) ? error.message : 'internal error';
        const code = isAppError(error) ? error.code : 'INTERNAL';
        ctx.io.stderr.write(`rejected: ${message}\n`);
        return {
          status: isAppError(error) && error.kind === 'unavailable' ? 503 : 400,
          body: { error: { code, message } },
        };
      }
    });
    ctx.say(`Listening for Stripe webhooks on http://${opts.host}:${server.port}/ (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    ctx.say('Stopped.');
  },
});
