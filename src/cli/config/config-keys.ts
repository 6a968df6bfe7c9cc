import { CLI_ERRORS } from '../errors.js';
import { maskSecrets } from '../../kernel/mask-secrets.js';

/** Settings a profile may hold. Secrets are masked whenever they are listed. */
export interface ConfigKey {
  readonly key: string;
  readonly description: string;
  readonly secret: boolean;
  parse(value: string): string | number;
}

const text = (value: string) => value;
const positiveInt = (key: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw CLI_ERRORS.badConfigValue({ problem: `${key} must be a whole number of at least 1, got "${value}"` });
  }
  return n;
};

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    key: 'database',
    description: 'database: a SQLite file path, sqlite:<path> or postgres://...',
    secret: false,
    parse: text,
  },
  { key: 'org', description: 'default organisation slug', secret: false, parse: text },
  {
    key: 'session.hours',
    description: 'how long a login lasts (hours, default 12)',
    secret: false,
    parse: positiveInt('session.hours'),
  },
  {
    key: 'lockout.maxFailures',
    description: 'failed logins that lock an account (default 5)',
    secret: false,
    parse: positiveInt('lockout.maxFailures'),
  },
  {
    key: 'lockout.windowMinutes',
    description: 'window in which failures are counted (default 15)',
    secret: false,
    parse: positiveInt('lockout.windowMinutes'),
  },
  {
    key: 'lockout.lockMinutes',
    description: 'how long a locked account stays locked (default 15)',
    secret: false,
    parse: positiveInt('lockout.lockMinutes'),
  },
  {
    key: 'import.maxFileMB',
    description: 'largest file `framework import` and `import-answers` read (MiB, default 64)',
    secret: false,
    parse: positiveInt('import.maxFileMB'),
  },
  { key: 'report.firmName', description: 'firm name on reports', secret: false, parse: text },
  { key: 'report.logo', description: 'logo on reports: a PNG or JPEG file', secret: false, parse: text },
  { key: 'report.color', description: 'primary colour of reports, #rrggbb', secret: false, parse: hexColour },
  {
    key: 'ai.baseUrl',
    description: 'OpenAI-compatible endpoint for --ai (OpenAI, Groq, Ollama)',
    secret: false,
    parse: text,
  },
  { key: 'ai.model', description: 'model for --ai narratives', secret: false, parse: text },
  { key: 'ai.apiKey', description: 'API key for the AI endpoint', secret: true, parse: text },
  {
    key: 'audit.key',
    description: 'secret that authenticates audit entries (set the same on every machine that writes)',
    secret: true,
    parse: text,
  },
  { key: 'stripe.secretKey', description: 'Stripe secret key (or STRIPE_SECRET_KEY)', secret: true, parse: text },
  {
    key: 'stripe.webhookSecret',
    description: 'Stripe webhook signing secret, whsec_... (or STRIPE_WEBHOOK_SECRET)',
    secret: true,
    parse: text,
  },
  {
    key: 'stripe.apiBase',
    description: 'Stripe API address (default https://api.stripe.com)',
    secret: false,
    parse: text,
  },
  {
    key: 'billing.plansFile',
    description: "the firm's plans and limits, a YAML file (default: the shipped plans/plans.yaml)",
    secret: false,
    parse: text,
  },
  {
    key: 'billing.graceDays',
    description: 'days a past_due subscription keeps its plan (default 7)',
    secret: false,
    parse: positiveInt('billing.graceDays'),
  },
  { key: 'billing.successUrl', description: 'where Stripe Checkout returns after paying', secret: false, parse: text },
  { key: 'billing.cancelUrl', description: 'where Stripe Checkout returns when cancelled', secret: false, parse: text },
  {
    key: 'smtp.host',
    description: 'SMTP relay for mail (any relay: your own, SendGrid, Resend...)',
    secret: false,
    parse: text,
  },
  {
    key: 'smtp.port',
    description: 'SMTP port (default 587, or 465 with smtp.secure)',
    secret: false,
    parse: positiveInt('smtp.port'),
  },
  { key: 'smtp.user', description: 'SMTP login (leave unset for a relay without one)', secret: false, parse: text },
  { key: 'smtp.password', description: 'SMTP password (or RENFE_SMTP_PASSWORD)', secret: true, parse: text },
  {
    key: 'smtp.from',
    description: 'sender of the mail renfe sends, e.g. "Acme <audits@acme.test>"',
    secret: false,
    parse: text,
  },
  {
    key: 'smtp.secure',
    description: 'true: TLS from the start (port 465); false: STARTTLS when offered (default)',
    secret: false,
    parse: trueOrFalse('smtp.secure'),
  },
];

function trueOrFalse(key: string) {
  return (value: string): string => {
    const v = value.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') {
      throw CLI_ERRORS.badConfigValue({ problem: `${key} must be true or false, got "${value}"` });
    }
    return v;
  };
}

function hexColour(value: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) {
    throw CLI_ERRORS.badConfigValue({ problem: `report.color must be a colour as #rrggbb, got "${value}"` });
  }
  return value.toLowerCase();
}

export function configKey(key: string): ConfigKey {
  const found = CONFIG_KEYS.find((k) => k.key === key);
  if (!found) {
    throw CLI_ERRORS.unknownSetting({ key, known: CONFIG_KEYS.map((k) => k.key).join(', ') });
  }
  return found;
}

export function mask(value: string): string {
  return value.length <= 4 ? '****' : `${value.slice(0, 4)}****`;
}

/** A setting as it may be shown: secrets masked, passwords in URLs removed. */
export function displayValue(spec: ConfigKey, value: string | number | undefined): string | number | null {
  if (value === undefined) return null;
  if (spec.secret) return mask(String(value));
  return typeof value === 'string' ? maskSecrets(value) : value;
}
