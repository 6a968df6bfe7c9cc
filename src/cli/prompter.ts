import type { IO } from './io.js';
import type { KeyedAction, KeyedAnswer, KeyedChoice } from './keyed-select.js';

export type { KeyedAction, KeyedAnswer, KeyedChoice } from './keyed-select.js';

/** Questions asked at a terminal. Only cli adapters use it, and only on a TTY. */
export interface Prompter {
  /** `transient` clears the prompt once answered: the caller prints what the reply meant. */
  text(
    message: string,
    options?: { default?: string; validate?: (v: string) => true | string; transient?: boolean },
  ): Promise<string>;
  password(message: string): Promise<string>;
  /** `help` replaces the key help line under the list (for a run in another language). */
  select<T extends string>(
    message: string,
    choices: readonly { name: string; value: T; description?: string }[],
    defaultValue?: T,
    options?: { readonly help?: string },
  ): Promise<T>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /** Several of a list: space ticks a choice, enter takes the ticked ones (none is allowed). */
  checkbox<T extends string>(
    message: string,
    choices: readonly { name: string; value: T; checked?: boolean }[],
    options?: { readonly help?: string },
  ): Promise<T[]>;
  /**
   * A choice whose keys mean what they show (`3` picks the choice marked 3),
   * with actions on letter keys named in a help line (see keyed-select.ts).
   * A choice leaves one line with the message and the choice; an action
   * leaves nothing, so it cannot be taken for an answer.
   */
  choose<T extends string, A extends string = never>(
    message: string,
    choices: readonly KeyedChoice<T>[],
    options?: {
      readonly actions?: readonly KeyedAction<A>[];
      readonly default?: T | undefined;
      readonly help?: { readonly move: string; readonly choose: string; readonly keys: string };
      /** The terminal width, to wrap the actions' help line between actions. */
      readonly width?: number;
    },
  ): Promise<KeyedAnswer<T, A>>;
}

export async function inquirerPrompter(io: IO): Promise<Prompter> {
  const prompts = await import('@inquirer/prompts');
  const context = { input: io.stdin, output: io.stdout as NodeJS.WritableStream, clearPromptOnDone: false };
  return {
    text: (message, options) =>
      prompts.input(
        {
          message,
          ...(options?.default ? { default: options.default } : {}),
          ...(options?.validate ? { validate: options.validate } : {}),
        },
        options?.transient ? { ...context, clearPromptOnDone: true } : context,
      ),
    password: (message) => prompts.password({ message, mask: '*' }, context),
    select: <T extends string>(
      message: string,
      choices: readonly { name: string; value: T; description?: string }[],
      defaultValue?: T,
      options?: { readonly help?: string },
    ) =>
      prompts.select<T>(
        {
          message,
          choices: choices.map((c) => ({ ...c })),
          pageSize: 14,
          ...(defaultValue ? { default: defaultValue } : {}),
          ...helpTheme(options?.help),
        },
        context,
      ),
    confirm: (message, defaultValue) => prompts.confirm({ message, default: defaultValue ?? false }, context),
    checkbox: <T extends string>(
      message: string,
      choices: readonly { name: string; value: T; checked?: boolean }[],
      options?: { readonly help?: string },
    ) =>
      prompts.checkbox<T>(
        { message, choices: choices.map((c) => ({ ...c })), pageSize: 14, ...helpTheme(options?.help) },
        context,
      ),
    async choose(message, choices, options) {
      const { keyedSelect, chosenLine } = await import('./keyed-select.js');
      const answer = await (keyedSelect as (config: unknown, ctx: unknown) => Promise<never>)(
        { message, choices, ...options },
        { ...context, clearPromptOnDone: true },
      );
      const { kind, value } = answer as KeyedAnswer<string, string>;
      if (kind === 'choice') {
        const columns = (io.stdout as { columns?: unknown }).columns;
        const width = options?.width ?? (typeof columns === 'number' && columns > 0 ? columns : 80);
        io.stdout.write(`${chosenLine(message, chosenName(choices, value), width)}\n`);
      }
      return answer;
    },
  };
}

/** inquirer's key help line replaced by ours (dimmed as inquirer's is), when one is given. */
function helpTheme(help: string | undefined) {
  return help === undefined ? {} : { theme: { style: { keysHelpTip: () => `\u001b[2m${help}\u001b[22m` } } };
}

function chosenName(choices: readonly KeyedChoice<string>[], value: string): string {
  const choice = choices.find((c) => c.value === value);
  return choice?.chosen ?? choice?.name ?? value;
}
