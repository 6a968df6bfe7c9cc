/**
 * A module's Markdown as the terminal shows it: marked with marked-terminal
 * (loaded only when a course is taken), wrapped to the terminal's width, no
 * Markdown markers left, then cut into pages that fit the screen.
 */
export async function renderMarkdown(markdown: string, options: { width: number; color: boolean }): Promise<string> {
  const [{ Marked }, { markedTerminal }, { Chalk }] = await Promise.all([
    import('marked'),
    import('marked-terminal'),
    import('chalk'),
  ]);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const style = (f: (s: string) => string) => (options.color ? f : (s: string) => s);
  const marked = new Marked(
    markedTerminal({
      width: Math.max(20, options.width),
      reflowText: true,
      showSectionPrefix: false,
      tab: 2,
      firstHeading: style(chalk.bold.underline),
      heading: style(chalk.bold),
      strong: style(chalk.bold),
      em: style(chalk.italic),
      codespan: style(chalk.cyan),
      link: style(chalk.underline),
      href: style(chalk.underline),
      blockquote: style(chalk.italic),
    }) as never,
  );
  // marked-terminal leaves inline Markdown of list items raw with marked 15: render their inline tokens.
  marked.use({
    renderer: {
      text(token) {
        return typeof token === 'object' && 'tokens' in token && token.tokens
          ? this.parser.parseInline(token.tokens)
          : typeof token === 'object'
            ? token.text
            : String(token);
      },
    },
  });
  const rendered = (await marked.parse(markdown)).replace(/\n{3,}/g, '\n\n').trimEnd();
  return rendered
    .split('\n')
    .flatMap((line) => wrapLine(line, options.width))
    .join('\n');
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '').length;

/**
 * marked-terminal reflows paragraphs but not list items or quotes: long lines
 * are wrapped here at spaces, continuing under the item's text.
 */
function wrapLine(line: string, width: number): string[] {
  if (visible(line) <= width) return [line];
  const plain = line.replace(ANSI, '');
  const lead = /^(\s*(?:[*-]|\d+\.)?\s*)/.exec(plain)?.[1] ?? '';
  const indent = ' '.repeat(lead.length);
  const leading = /^\s*/.exec(line)?.[0] ?? '';
  const words = line.slice(leading.length).split(' ');
  const lines: string[] = [];
  let current = leading;
  for (const word of words) {
    const candidate = current.trim() === '' ? `${current}${word}` : `${current} ${word}`;
    if (visible(candidate) > width && current.trim() !== '') {
      lines.push(current);
      current = `${indent}${word}`;
    } else current = candidate;
  }
  if (current.trim() !== '') lines.push(current);
  return lines;
}

/** Lines cut into pages of at most `height` lines, never splitting inside a paragraph when it can help it. */
export function paginate(text: string, height: number): string[] {
  const lines = text.split('\n');
  const pages: string[] = [];
  let page: string[] = [];
  for (const line of lines) {
    page.push(line);
    if (page.length >= height) {
      const lastBlank = page.lastIndexOf('');
      const cut = lastBlank > height / 2 ? lastBlank : page.length;
      pages.push(page.slice(0, cut).join('\n').trim());
      page = page.slice(cut + (cut < page.length ? 1 : 0));
    }
  }
  if (page.join('').trim() !== '') pages.push(page.join('\n').trim());
  return pages.length > 0 ? pages : [''];
}
