import type { KeyedAction, KeyedAnswer, KeyedChoice, Prompter } from '../../src/cli/prompter.js';

/**
 * A Prompter that replays a script, as a person at the terminal would answer.
 * When the script runs out it behaves like Ctrl-C at the prompt.
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  constructor(private readonly replies: string[]) {}

  #next(message: string): string {
    this.asked.push(message);
    const reply = this.replies.shift();
    if (reply === undefined) {
      const error = new Error('User force closed the prompt with SIGINT');
      error.name = 'ExitPromptError';
      throw error;
    }
    return reply;
  }

  async text(message: string): Promise<string> {
    return this.#next(message);
  }
  async password(message: string): Promise<string> {
    return this.#next(message);
  }
  async select<T extends string>(message: string, choices: readonly { value: T }[]): Promise<T> {
    const reply = this.#next(message);
    if (!choices.some((c) => c.value === reply))
      throw new Error(`script answered "${reply}" to "${message}", not one of its choices`);
    return reply as T;
  }
  async confirm(message: string): Promise<boolean> {
    return this.#next(message) === 'yes';
  }
  /** A reply names the ticked choices' values, comma-separated; an empty reply ticks none. */
  async checkbox<T extends string>(message: string, choices: readonly { value: T }[]): Promise<T[]> {
    const ticked = this.#next(message)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    for (const v of ticked)
      if (!choices.some((c) => c.value === v))
        throw new Error(`script ticked "${v}" at "${message}", not one of its choices`);
    return ticked as T[];
  }
  /**
   * A reply `key:3` presses 3 (the choice marked 3), `action:quit` takes that
   * action, anything else names a choice's value.
   */
  async choose<T extends string, A extends string = never>(
    message: string,
    choices: readonly KeyedChoice<T>[],
    options: { readonly actions?: readonly KeyedAction<A>[] } = {},
  ): Promise<KeyedAnswer<T, A>> {
    const reply = this.#next(message);
    if (reply.startsWith('key:')) {
      const choice = choices.find((c) => c.key === reply.slice(4));
      const action = options.actions?.find((a) => a.key === reply.slice(4));
      if (choice) return { kind: 'choice', value: choice.value };
      if (action) return { kind: 'action', value: action.value };
      throw new Error(`script pressed ${reply.slice(4)} at "${message}", which no choice or action has`);
    }
    if (reply.startsWith('action:')) {
      const action = options.actions?.find((a) => a.value === reply.slice(7));
      if (!action) throw new Error(`script took action ${reply.slice(7)} at "${message}", which is not offered`);
      return { kind: 'action', value: action.value };
    }
    const choice = choices.find((c) => c.value === reply);
    if (!choice) throw new Error(`script answered "${reply}" to "${message}", not one of its choices`);
    return { kind: 'choice', value: choice.value };
  }
}
