import type { Prompter } from '../../src/cli/prompter.js';

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
}
