import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useRef,
  useState,
} from '@inquirer/core';
import { stripVTControlCharacters, styleText } from 'node:util';

/**
 * A list whose keys mean what they show: a choice marked `3` is chosen by
 * pressing 3 (not by being third), `10` by typing 1 then 0; actions sit on
 * letter keys named in the help line and never among the answers.
 */
export interface KeyedChoice<T extends string> {
  readonly name: string;
  readonly value: T;
  /** The key (or digits) that highlights it. */
  readonly key?: string;
  /** How it reads once chosen, when not as `name` (a maturity level: `3 · Defined`). */
  readonly chosen?: string;
}

export interface KeyedAction<A extends string> {
  readonly key: string;
  readonly value: A;
  readonly label: string;
}

export interface KeyedSelectConfig<T extends string, A extends string> {
  readonly message: string;
  readonly choices: readonly KeyedChoice<T>[];
  readonly actions?: readonly KeyedAction<A>[];
  readonly default?: T | undefined;
  /** The help line's words for moving and choosing, in the language of the run. */
  readonly help?: { readonly move: string; readonly choose: string; readonly keys: string };
  readonly pageSize?: number;
  /** The terminal width: the actions wrap between actions to fit it. */
  readonly width?: number;
}

export type KeyedAnswer<T extends string, A extends string> =
  { readonly kind: 'choice'; readonly value: T } | { readonly kind: 'action'; readonly value: A };

/**
 * The line a choice leaves once the prompt is cleared: the message and the
 * chosen answer, as inquirer shows one; the answer goes on a line of its own
 * when it would not fit beside the message's last line in `width` columns.
 */
export function chosenLine(message: string, label: string, width = 80): string {
  const theme = makeTheme({});
  const prefix = typeof theme.prefix === 'string' ? theme.prefix : theme.prefix.done;
  const lines = message.split('\n');
  const last = stripVTControlCharacters(lines.at(-1) ?? '').length + (lines.length === 1 ? 2 : 0);
  const gap = last + 1 + stripVTControlCharacters(label).length > width ? '\n  ' : ' ';
  return `${prefix} ${theme.style.message(message, 'done')}${gap}${theme.style.answer(label)}`;
}

export const keyedSelect = createPrompt(
  <T extends string, A extends string>(
    config: KeyedSelectConfig<T, A>,
    done: (answer: KeyedAnswer<T, A>) => void,
  ): string => {
    const theme = makeTheme({});
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const prefix = usePrefix({ status, theme });
    const initial = Math.max(
      0,
      config.choices.findIndex((c) => c.value === config.default),
    );
    const [active, setActive] = useState(initial);
    const typed = useRef('');
    const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

    useKeypress((key, rl) => {
      clearTimeout(timer.current);
      const choice = config.choices[active];
      if (isEnterKey(key) && choice) {
        setStatus('done');
        done({ kind: 'choice', value: choice.value });
        return;
      }
      if (isUpKey(key) || isDownKey(key)) {
        rl.clearLine(0);
        typed.current = '';
        const n = config.choices.length;
        setActive((active + (isUpKey(key) ? -1 : 1) + n) % n);
        return;
      }
      const name = key.name ?? '';
      const action = config.actions?.find((a) => a.key === name && !key.ctrl);
      if (action && !/^\d$/.test(name)) {
        rl.clearLine(0);
        setStatus('done');
        done({ kind: 'action', value: action.value });
        return;
      }
      // Digits (and letters used as choice keys) accumulate briefly, so "1" then "0" reaches "10".
      const candidate = `${typed.current}${rl.line.slice(-1)}`;
      const exact = config.choices.findIndex((c) => c.key === candidate);
      const single = config.choices.findIndex((c) => c.key === rl.line.slice(-1));
      if (exact !== -1) {
        typed.current = candidate;
        setActive(exact);
      } else if (single !== -1) {
        typed.current = rl.line.slice(-1);
        setActive(single);
      } else {
        typed.current = '';
      }
      rl.clearLine(0);
      timer.current = setTimeout(() => {
        typed.current = '';
      }, 800);
    });

    const message = theme.style.message(config.message, status);
    // Cleared once done (see `chosenLine`): nothing of the list stays on screen.
    if (status === 'done') return '';
    const page = usePagination({
      items: config.choices as KeyedChoice<T>[],
      active,
      pageSize: config.pageSize ?? 12,
      loop: false,
      renderItem: ({ item, isActive }) => {
        const keyText = item.key !== undefined ? `${item.key.padStart(2)}  ` : '    ';
        const line = `${isActive ? '❯' : ' '} ${keyText}${item.name}`;
        return isActive ? styleText('cyan', line) : line;
      },
    });
    const help = config.help ?? { move: 'move', choose: 'choose', keys: 'number keys pick that value' };
    const lines: string[] = [];
    let width = 0;
    for (const a of config.actions ?? []) {
      const text = `${styleText('bold', a.key)} ${a.label}`;
      const size = a.key.length + 1 + a.label.length;
      if (lines.length > 0 && config.width !== undefined && width + 2 + size > config.width) {
        lines.push(text);
        width = size;
      } else if (lines.length > 0) {
        lines[lines.length - 1] += `  ${text}`;
        width += 2 + size;
      } else {
        lines.push(text);
        width = size;
      }
    }
    const actions = lines.join('\n');
    const helpLine = styleText(
      'dim',
      `↑↓ ${help.move} · ⏎ ${help.choose} · ${help.keys}${actions ? `\n${actions}` : ''}`,
    );
    return `${prefix} ${message}\n${page}\n${helpLine}`;
  },
);
