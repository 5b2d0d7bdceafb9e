/**
 * keepalived --config-test as a test oracle: running it, reading its messages, and classifying them.
 *
 * The classification was derived from the tags of test/corpus/wild/CONFIG-TEST.txt (keepalived 2.2.7 on a host with
 * only lo and eth0): [ENV:iface] [ENV:script] [ENV:include] [ENV:dns] [DEPRECATED] [CONFIG]. classify() reproduces
 * every tag of that file (test/unit/corpus.test.ts checks it), so it can be trusted on fresh keepalived output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';

export type Tag = 'CONFIG' | 'DEPRECATED' | 'ENV:iface' | 'ENV:script' | 'ENV:include' | 'ENV:dns';

export interface KMessage {
  /** File name as keepalived printed it (`(FILE: Line N)`), if any. */
  file?: string;
  /** 1-based line, if keepalived printed one. */
  line?: number;
  /** The message without the `(...Line N)` prefix. */
  text: string;
  /** The line as printed. */
  raw: string;
}

const PREFIX = /^\((?:(.+?): )?Line (\d+)\) ?(.*)$/;

export function parseMessage(raw: string): KMessage {
  const m = PREFIX.exec(raw);
  if (!m) return { text: raw.trim(), raw };
  return { file: m[1], line: Number(m[2]), text: m[3], raw };
}

// ---- classification ---------------------------------------------------------------------------------------------

const ENV_IFACE = [/\binterface \S+ for .* doesn't exist/, /tracked interface \S+ doesn't exist/, /^Non-existent interface specified in configuration/];
const ENV_SCRIPT_ALWAYS = [
  /Unable to set default user/,
  /SECURITY VIOLATION - scripts are being executed but script_security not enabled/,
  /^Disabling track script \S+ since not found\/accessible/,
  /Error setting global script uid\/gid/,
  /Unable to set uid\/gid for script/,
  /script_user .* (?:does not exist|unknown)/i,
];
const DEPRECATED = [/is deprecated/, /^\s*Please use global lvs_sync_daemon/];
/** smtp_server given as a host name: unresolvable on an offline test host. `**` and other non-names are config errors. */
const ENV_DNS = /^Invalid smtp server ([A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b/;

/**
 * Classify one message. `all` is every message of the same run: some messages are environmental only as a
 * consequence of another one (a track script "not found" because the script was removed for lack of a script user;
 * sync group members missing because an absolute include path does not exist on this host).
 */
export function classify(msg: KMessage, all: KMessage[] = [msg]): Tag {
  const t = msg.text;
  if (ENV_IFACE.some((r) => r.test(t))) return 'ENV:iface';
  if (DEPRECATED.some((r) => r.test(t))) return 'DEPRECATED';
  if (ENV_SCRIPT_ALWAYS.some((r) => r.test(t))) return 'ENV:script';
  if (ENV_DNS.test(t)) return 'ENV:dns';
  const absentInclude = all.some((m) => /^Config files missing '\//.test(m.text));
  if (/^Config files missing '\//.test(t)) return 'ENV:include';
  if (absentInclude && (/specified in sync group \S+ doesn't exist - ignoring/.test(t) || /no matching virtual router found in group declaration/.test(t))) return 'ENV:include';
  const tracked = /track script (\S+) not found, ignoring/.exec(t);
  if (tracked) {
    const name = tracked[1];
    const removedForUser = all.some((m) => new RegExp(`Unable to set default user for vrrp script ${escape(name)} - removing`).test(m.text) || new RegExp(`^Disabling track script ${escape(name)} since`).test(m.text));
    if (removedForUser) return 'ENV:script';
  }
  return 'CONFIG';
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lexical or schema problems: what a static analysis of one file must find on the line keepalived names.
 * Everything else tagged CONFIG is semantic (cross-references, defaults applied at validation time, duplicates)
 * and belongs to the semantic-analysis issue.
 */
const LEXICAL_SCHEMA = [
  /^Unknown keyword /,
  /^Unexpected '\{'/,
  /^Extra '\}' found/,
  /missing '\}'s or extra '\{'s/,
  /^Missing '\{'/,
  /has extra parameters/,
  /number '.*' outside range/,
  /^invalid number '/,
  /is missing a parameter after keyword/,
  /\brequires (?:value|interface name|delay time|[a-z ]+)$/,
  /\bmissing - ignoring/,
  /missing or extra parameters/,
  /unknown state '/,
  /unknown \[.*\] routing method/,
  /Invalid lvs_scheduler/,
  /VRRP parsed invalid IP/,
  /Invalid address prefix len/,
  /Invalid virtual server IP address/,
  /Invalid rule (?:to|from) address/,
  /Invalid smtp server/,
  /^Truncating auth_pass/,
  /persistence_timeout invalid/,
  /^\S+ '.*' is invalid/,
  /Priority not valid/,
  /VRID '.*' not valid/,
  /^Quorum .* must be in/,
  /Invalid ~SEQ/,
  /Unterminated quote/,
  /Unmatched quote/,
  /missing terminating "/,
  /empty \S+ block/,
  /No script path has been specified/,
  /No script set for vrrp_script/,
];

export function isLexicalOrSchema(text: string): boolean {
  return LEXICAL_SCHEMA.some((r) => r.test(text));
}

// ---- cascades ---------------------------------------------------------------------------------------------------

/**
 * keepalived does not skip a block it cannot use: after `Unexpected '{' - ignoring` it reads every line inside as a
 * keyword of the enclosing block (`Unknown keyword 'script'`, `Unknown keyword 'interval'`, ...) until the block's
 * `}` (`Unknown keyword '}'`). The analysis reports such a block once, at its keyword (or at its `{`), and skips
 * the content. So the messages of one cascade are grouped: any diagnostic on the cascade's anchor lines (the line
 * of the `Unexpected '{'`, and the line above when keepalived named an unknown keyword there, i.e. a `{` on its own
 * line) satisfies every message of the cascade; a diagnostic on a message's own line satisfies it too.
 *
 * Grouping walks the distinct lexical messages in line order (keepalived prints each pass in file order; the passes
 * repeat the same lines): `Unexpected '{'` opens a cascade (depth 1) or nests deeper inside one, `Unknown keyword '}'`
 * closes one level; `Unknown keyword` messages while depth > 0 belong to the cascade. `Extra '}'` never belongs to
 * one (it is a brace of its own, with its own diagnostic).
 *
 * One more positional difference: keepalived reports an empty value block (`Warning - empty notification_email
 * block`) at the block's closing `}`, the analysis at its keyword; up to 3 lines above the message satisfy it.
 */
export interface Expectation {
  line: number;
  messages: KMessage[];
  /** Lines where a diagnostic satisfies this expectation. */
  anchors: number[];
}

export function groupCascades(messages: KMessage[]): Expectation[] {
  // keepalived prints each parsing pass in file order; a line number lower than the previous one starts a new pass
  // (or a later stage of the same one). Take, for each line, the messages of the run that printed most for it.
  const byLine = new Map<number, KMessage[]>();
  let run = new Map<number, KMessage[]>();
  let last = -1;
  const flush = (): void => {
    for (const [line, ms] of run) if ((byLine.get(line)?.length ?? 0) < ms.length) byLine.set(line, ms);
    run = new Map();
  };
  for (const m of messages) {
    if (m.line === undefined) continue;
    if (m.line < last) flush();
    last = m.line;
    const list = run.get(m.line);
    if (list) list.push(m);
    else run.set(m.line, [m]);
  }
  flush();
  const distinct = [...byLine.keys()].sort((a, b) => a - b).flatMap((l) => byLine.get(l)!) as (KMessage & { line: number })[];
  const out: Expectation[] = [];
  let cascade: Expectation | undefined;
  let depth = 0;
  for (const m of distinct) {
    const unexpectedBrace = /^Unexpected '\{'/.test(m.text);
    const closing = m.text === "Unknown keyword '}'";
    const unknown = /^Unknown keyword /.test(m.text);
    if (cascade) {
      if (unexpectedBrace) depth++;
      else if (closing) depth--;
      if (unexpectedBrace || unknown) {
        cascade.messages.push(m);
        if (depth === 0) cascade = undefined;
        continue;
      }
    } else if (unexpectedBrace) {
      const anchors = [m.line];
      if (distinct.some((o) => o.line === m.line - 1 && /^Unknown keyword /.test(o.text) && o.text !== "Unknown keyword '}'")) anchors.push(m.line - 1);
      // The unknown keyword named just before on the same line opens this cascade.
      const before = out.filter((e) => e.line === m.line && e.messages.every((x) => /^Unknown keyword /.test(x.text) && x.text !== "Unknown keyword '}'"));
      cascade = { line: m.line, messages: [m], anchors };
      for (const e of before) {
        cascade.messages.unshift(...e.messages);
        out.splice(out.indexOf(e), 1);
      }
      out.push(cascade);
      depth = 1;
      continue;
    }
    // keepalived reports an empty value block at its closing `}`; the analysis at the block's keyword above it.
    const anchors = /empty \S+ block/.test(m.text) ? [m.line, m.line - 1, m.line - 2, m.line - 3].filter((l) => l > 0) : [m.line];
    out.push({ line: m.line, messages: [m], anchors });
  }
  return out;
}

// ---- running keepalived ---------------------------------------------------------------------------------------

export function findKeepalived(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v keepalived'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  if (r.status === 0 && p) return p;
  return undefined;
}

export interface RunResult {
  rc: number | null;
  signal: NodeJS.Signals | null;
  messages: KMessage[];
  output: string;
  timedOut: boolean;
}

/** `keepalived --config-test -f FILE [-i ID]` with cwd = the file's folder. keepalived starts nothing in this mode. */
export function runConfigTest(bin: string, file: string, opts: { configId?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const args = ['--config-test', '-f', basename(file)];
  if (opts.configId !== undefined) args.push('-i', opts.configId);
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: dirname(file), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 10_000);
    child.on('close', (rc, signal) => {
      clearTimeout(timer);
      const messages = output
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => l.trim() !== '')
        .map(parseMessage);
      resolve({ rc, signal, messages, output, timedOut });
    });
  });
}

/** Run tasks with at most `n` at a time, results in input order. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}
