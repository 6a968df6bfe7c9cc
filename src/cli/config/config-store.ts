import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import Conf from 'conf';
import { CLI_ERRORS } from '../errors.js';

export interface StoredSession {
  readonly token: string;
  readonly email: string;
  readonly expiresAt: string;
}

export interface Profile {
  settings: Record<string, string | number>;
  /** Login sessions, one per database location. */
  sessions: Record<string, StoredSession>;
}

interface ConfigShape {
  currentProfile: string;
  profiles: Record<string, Profile>;
}

const PROFILE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Named profiles kept with `conf` in a file readable by its owner only.
 * `dir` comes from RENFE_CONFIG_DIR when set (tests, portable installs).
 */
export class ConfigStore {
  readonly #conf: Conf<ConfigShape>;

  constructor(dir?: string) {
    try {
      this.#conf = ConfigStore.#open(dir);
    } catch (error) {
      throw CLI_ERRORS.configUnreadable({ dir: dir ?? '~/.config/renfe', reason: (error as Error).message });
    }
    try {
      chmodSync(dirname(this.#conf.path), 0o700);
    } catch {
      // A directory we do not own keeps its mode; the file itself is still 0600.
    }
  }

  static #open(dir: string | undefined): Conf<ConfigShape> {
    return new Conf<ConfigShape>({
      projectName: 'renfe',
      projectSuffix: '',
      ...(dir ? { cwd: dir } : {}),
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      defaults: { currentProfile: 'default', profiles: { default: { settings: {}, sessions: {} } } },
    });
  }

  get path(): string {
    return this.#conf.path;
  }

  get currentProfileName(): string {
    return this.#conf.get('currentProfile');
  }

  profileNames(): string[] {
    return Object.keys(this.#conf.get('profiles')).sort();
  }

  profile(name: string): Profile {
    const profile = this.#conf.get('profiles')[name];
    if (!profile) {
      throw CLI_ERRORS.unknownProfile({ name });
    }
    return { settings: { ...profile.settings }, sessions: { ...profile.sessions } };
  }

  #write(name: string, profile: Profile): void {
    this.#conf.set('profiles', { ...this.#conf.get('profiles'), [name]: profile });
  }

  addProfile(name: string, settings: Record<string, string | number>): void {
    if (!PROFILE_NAME.test(name)) {
      throw CLI_ERRORS.badProfileName({ name });
    }
    if (this.#conf.get('profiles')[name]) {
      throw CLI_ERRORS.profileExists({ name });
    }
    this.#write(name, { settings, sessions: {} });
  }

  useProfile(name: string): void {
    this.profile(name);
    this.#conf.set('currentProfile', name);
  }

  setSetting(name: string, key: string, value: string | number | undefined): void {
    const profile = this.profile(name);
    if (value === undefined) delete profile.settings[key];
    else profile.settings[key] = value;
    this.#write(name, profile);
  }

  saveSession(name: string, location: string, session: StoredSession): void {
    const profile = this.profile(name);
    profile.sessions[location] = session;
    this.#write(name, profile);
  }

  clearSession(name: string, location: string): void {
    const profile = this.profile(name);
    delete profile.sessions[location];
    this.#write(name, profile);
  }
}
