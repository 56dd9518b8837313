/**
 * vue-i18n is built without its message compiler (the documented `__INTLIFY_DROP_MESSAGE_COMPILER__` flag,
 * set in vite.config.ts), which takes about 7 KB gzip off the first download. Instead, our messages are
 * turned into the AST that vue-i18n's runtime formats. They use only a subset of the message syntax — text,
 * `{name}` placeholders and `{'x'}` literals — and anything else (plurals with `|`, linked messages with `@`)
 * is refused with an error, so a message can never silently render differently from what vue-i18n would do.
 */

/** vue-i18n's NodeTypes: Resource 0, Message 2, Text 3, Named 4, Literal 9. */
type Part = { type: 3; value: string } | { type: 4; key: string } | { type: 9; value: string };
export interface MessageAst {
  type: 0;
  body: { type: 2; items: Part[]; static?: string };
}

const TOKEN = /\{\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'([^']*)')\s*\}/g;

export function compileMessage(source: string): MessageAst {
  const items: Part[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (text === '') return;
    if (/[{}@|]/.test(text)) throw new SyntaxError(`unsupported message syntax in: ${source}`);
    items.push({ type: 3, value: text });
  };
  for (const match of source.matchAll(TOKEN)) {
    pushText(source.slice(last, match.index));
    if (match[1] !== undefined) items.push({ type: 4, key: match[1] });
    else items.push({ type: 9, value: match[2] ?? '' });
    last = match.index + match[0].length;
  }
  pushText(source.slice(last));
  const body: MessageAst['body'] = { type: 2, items };
  if (items.every((item) => item.type !== 4)) {
    body.static = items.map((item) => ('value' in item ? item.value : '')).join('');
  }
  return { type: 0, body };
}

export type Compiled<T> = { [K in keyof T]: T[K] extends string ? MessageAst : Compiled<T[K]> };

/** Compiles every string of a message tree; the shape stays the same. */
export function precompile<T extends object>(messages: T): Compiled<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(messages)) {
    out[key] = typeof value === 'string' ? compileMessage(value) : precompile(value as object);
  }
  return out as Compiled<T>;
}

type Tree = Record<string, unknown>;

function isGroup(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !('body' in value && (value as { type?: unknown }).type === 0);
}

/**
 * `base` with `part` laid over it, as a new tree: groups present in both are merged, every message is shared,
 * nothing is copied. Neither input changes. vue-i18n's own mergeLocaleMessage deep-copies every AST node into
 * its reactive store instead: 90 ms of the dashboard's first load at Lighthouse's 4× CPU.
 */
export function mergeCompiled(base: object, part: object): Tree {
  const merged: Tree = { ...(base as Tree) };
  for (const [key, value] of Object.entries(part)) {
    const current = merged[key];
    merged[key] = isGroup(current) && isGroup(value) ? mergeCompiled(current, value) : value;
  }
  return merged;
}
