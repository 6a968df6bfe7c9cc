import { defineModule } from '../module.js';
import { CLI_ERRORS } from './errors.js';

/** The program's own commands: configuration, profiles and the database. Not a context. */
export const cliModule = defineModule({
  name: 'cli',
  errors: CLI_ERRORS,
  commands: [
    { kind: 'legacy', load: async () => (await import('./db.cli.js')).registerDbCommands },
    { kind: 'legacy', load: async () => (await import('./config/config.cli.js')).registerConfigCommands },
  ],
});
