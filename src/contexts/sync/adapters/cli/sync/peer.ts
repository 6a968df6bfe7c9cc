import { CommandContext } from '../../../../../cli/context.js';
import type { App } from '../../../../../composition.js';
import { AppError } from '../../../../../kernel/app-error.js';
import type { Principal } from '../../../../../kernel/principal.js';
import type { PeerConnection } from '../../../application/sync-ports.js';
import { appPeer } from '../../peer/app-peer.js';
import { SYNC_ERRORS } from '../../../errors.js';

/** Variables that choose the local side; the peer is chosen by its profile or URL alone. */
const LOCAL_ONLY = ['RENFE_DATABASE_URL', 'RENFE_ORG', 'RENFE_PROFILE', 'RENFE_TOKEN'];

export interface OpenedPeer {
  readonly connection: PeerConnection;
  close(): Promise<void>;
}

/**
 * Opens the other side of a sync: a profile by name (its database, its
 * organisation, its stored login), or a database URL or file (with the login
 * stored for it in the current profile). An API token for the central side
 * comes from RENFE_SYNC_TOKEN; the organisation there from `peerOrg`, else the
 * peer profile's, else the only one the login holds there. Everything runs through that database's own use
 * cases, signed in there.
 */
export async function openPeer(ctx: CommandContext, target: string, peerOrg?: string): Promise<OpenedPeer> {
  const local = await ctx.runtime();
  const isProfile = local.config.profileNames().includes(target);
  const isDatabase = !isProfile && (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /[/\\]|\.db$/i.test(target));
  if (!isProfile && !isDatabase) throw SYNC_ERRORS.unknownPeer({ peer: target });
  const env: Record<string, string | undefined> = { ...ctx.env };
  for (const name of LOCAL_ONLY) delete env[name];
  if (ctx.env.RENFE_SYNC_TOKEN) env.RENFE_TOKEN = ctx.env.RENFE_SYNC_TOKEN;
  const remote = new CommandContext(ctx.io, env);
  remote.setGlobals({
    json: ctx.globals.json,
    debug: ctx.globals.debug,
    color: ctx.globals.color,
    ...(isProfile
      ? { profile: target }
      : { db: target, ...(ctx.globals.profile ? { profile: ctx.globals.profile } : {}) }),
  });
  const runtime = await remote.runtime();
  if (runtime.location === local.location) throw SYNC_ERRORS.sameDatabase({ location: local.location });
  let app: App;
  let principal: Principal;
  try {
    app = await remote.app();
    // The organisation there: --peer-org, else the peer profile's, else the only one the login holds there
    // (never this side's organisation, which is another database's).
    principal = await app.auth.authenticate({
      apiToken: runtime.apiToken,
      sessionSecret: runtime.profile.sessions[runtime.location]?.token,
      orgSlug: peerOrg ?? (isProfile ? (runtime.profile.settings.org as string | undefined) : undefined),
    });
  } catch (error) {
    await remote.close();
    if (error instanceof AppError && error.kind === 'unauthenticated') {
      throw SYNC_ERRORS.peerSignIn({
        location: runtime.location,
        reason: error.message,
        how: isProfile ? `renfe --profile ${target} login` : `renfe --db '${runtime.location}' login`,
      });
    }
    throw error;
  }
  const connection = appPeer(app, principal, runtime.location);
  return { connection, close: () => remote.close() };
}
