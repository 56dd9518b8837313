/** The process environment as the config parsers read it. */
export type Env = Record<string, string | undefined>;
