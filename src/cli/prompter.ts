import type { IO } from './io.js';

/** Questions asked at a terminal. Only cli adapters use it, and only on a TTY. */
export interface Prompter {
  text(message: string, options?: { default?: string; validate?: (v: string) => true | string }): Promise<string>;
  password(message: string): Promise<string>;
  select<T extends string>(
    message: string,
    choices: readonly { name: string; value: T; description?: string }[],
    defaultValue?: T,
  ): Promise<T>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
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
        context,
      ),
    password: (message) => prompts.password({ message, mask: '*' }, context),
    select: <T extends string>(
      message: string,
      choices: readonly { name: string; value: T; description?: string }[],
      defaultValue?: T,
    ) =>
      prompts.select<T>(
        {
          message,
          choices: choices.map((c) => ({ ...c })),
          pageSize: 14,
          ...(defaultValue ? { default: defaultValue } : {}),
        },
        context,
      ),
    confirm: (message, defaultValue) => prompts.confirm({ message, default: defaultValue ?? false }, context),
  };
}
