/**
 * Readers for the recorded `keepalived --config-test` verdicts shipped with the corpora:
 * - test/corpus/wild/CONFIG-TEST.txt: `=== PATH: RESULT` then `    [TAG] message` lines (keepalived 2.2.7);
 * - test/corpus/keepalived/CONFIG-TEST.txt: a summary table, then the 2.2.7 output `=== FILE: RESULT` + `    message`.
 */
import { readFileSync } from 'node:fs';
import { parseMessage, type KMessage, type Tag } from './keepalived';

export interface TaggedMessage extends KMessage {
  tag: Tag;
}

export interface WildEntry {
  /** Path relative to test/corpus/wild. */
  path: string;
  result: string;
  messages: TaggedMessage[];
}

export function parseWildConfigTest(file: string): WildEntry[] {
  const out: WildEntry[] = [];
  let cur: WildEntry | undefined;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    const head = /^=== (.+?): (PASS|FAIL.*)$/.exec(line);
    if (head) {
      cur = { path: head[1], result: head[2], messages: [] };
      out.push(cur);
      continue;
    }
    if (line.startsWith('=== ')) {
      cur = undefined; // SUMMARY, SUPPLEMENTARY: not per-file results
      continue;
    }
    const msg = /^ {4}\[(CONFIG|DEPRECATED|ENV:[a-z]+)\] (.*)$/.exec(line);
    if (msg && cur) cur.messages.push({ ...parseMessage(msg[2]), tag: msg[1] as Tag });
  }
  return out;
}

export interface SampleEntry {
  file: string;
  result: string;
  /** Summary table classification: `clean`, `environment only ...`, `CONFIG ISSUE: ...`. */
  classification: string;
  messages: KMessage[];
}

export function parseSamplesConfigTest(file: string): SampleEntry[] {
  const text = readFileSync(file, 'utf8');
  const byFile = new Map<string, SampleEntry>();
  for (const line of text.split('\n')) {
    const row = /^\| (\S+) \| ([^|]+) \| [^|]+ \| (.*) \|$/.exec(line);
    if (row && row[1] !== 'file' && !row[1].startsWith('---')) byFile.set(row[1], { file: row[1], result: row[2].trim(), classification: row[3].trim(), messages: [] });
  }
  // Only the first full output (2.2.7); it ends at the next `####` banner.
  const start = text.indexOf('################ Full output');
  const body = text.slice(text.indexOf('\n', start) + 1);
  let cur: SampleEntry | undefined;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('####')) break;
    const head = /^=== (.+?): (PASS|FAIL.*)$/.exec(line);
    if (head) {
      cur = byFile.get(head[1]);
      continue;
    }
    if (cur && line.startsWith('    ')) cur.messages.push(parseMessage(line.slice(4)));
  }
  return [...byFile.values()];
}
