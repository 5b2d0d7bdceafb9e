import type { Rule, RuleContext } from '../lint/rule';
import type { Statement, Word } from '../keepalived/ast';
import type { ArgSpec, ArgType } from '../schema/types';
import { checkValue, describeType } from '../schema/values';
import { checkValueLine } from '../schema/value-lines';
import { fix, keywordStatements, replaceWord, valueLineStatements } from './util';

export const rule: Rule = {
  id: 'invalid-value',
  category: 'schema',
  defaultSeverity: 'error',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: 'An argument of the wrong type, out of range, or not one of the allowed words.',
    rationale:
      "keepalived rejects numbers with trailing characters (`100abc`) or outside their range (`number '256' outside range [1, 255]`), unknown enum words, and malformed addresses, usually with a message and the **default value instead of yours** (`Priority not valid! ... Using default 100`), or skips the entry (`VRRP parsed invalid IP ... skipping IP`). Enum words such as `state`, `lb_kind`, `lb_algo` and `auth_type` are case-sensitive: `lb_kind dr` is not `DR`; the quick fix writes the canonical case. Lines of value blocks (`virtual_ipaddress`, `unicast_peer`, `virtual_server_group`, `track_*`, routes and rules) are checked too.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    state master\n    priority 300\n}\nvirtual_server 192.0.2.10 80 {\n    lb_kind dr\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    state MASTER\n    priority 150\n}\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n}',
  },
  check(ctx) {
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const spec = s.spec;
      if (spec.shape === 'args') checkArgs(ctx, s, spec.name, spec.args);
      else if (spec.shape === 'optionalBool' && s.args.length) checkArgs(ctx, s, spec.name, OPTIONAL_BOOL);
      else if ((spec.shape === 'block' || spec.shape === 'valueBlock') && spec.headArgs) checkArgs(ctx, s, spec.name, spec.headArgs);
      if (spec.name === 'virtual_server' && s.path === '_top') checkVirtualServerHead(ctx, s);
      if (spec.name === 'smtp_server' && s.args[0]) checkHost(ctx, s.args[0]);
    }
    for (const s of valueLineStatements(ctx)) {
      if (!s.valueBlock?.valueLine) continue;
      for (const p of checkValueLine(s.valueBlock.valueLine, [s.keyword, ...s.args])) {
        if (p.deprecated) continue;
        ctx.report({
          at: p.word,
          message: `${p.problem} in \`${s.valueBlock.name}\`. ${p.consequence ?? 'keepalived reports it and skips the entry.'}`,
          fixes: p.canonical !== undefined ? [fix(`Change to \`${p.canonical}\``, [replaceWord(p.word, p.canonical)], true)] : undefined,
          severity: p.severity,
        });
      }
    }
  },
};

function checkArgs(ctx: RuleContext, s: Statement, name: string, specs: ArgSpec[]): void {
  const n = Math.min(specs.length, s.args.length);
  for (let i = 0; i < n; i++) {
    const a = specs[i];
    const w: Word = s.args[i];
    const r = checkValue(w.text, a.type);
    if (r.ok) continue;
    // An over-long auth_pass is auth-pass-truncated's (its own id, message and fix).
    if (name === 'auth_pass' && a.type.kind === 'string' && a.type.maxLength !== undefined) continue;
    const truncation = a.type.kind === 'string' && a.type.maxLength !== undefined;
    ctx.report({
      at: w,
      message: truncation
        ? `${r.problem}: \`${name}\` accepts at most ${a.type.kind === 'string' ? a.type.maxLength : ''} characters, so every peer must agree on the truncated value.`
        : `${r.problem}. \`${name}\` expects ${describeType(a.type)}. keepalived reports the value and ${consequence(name)}.`,
      fixes: r.canonical !== undefined && !truncation ? [fix(`Change to \`${r.canonical}\``, [replaceWord(w, r.canonical)], true)] : r.canonical !== undefined ? [fix(`Shorten to \`${r.canonical}\` (what keepalived uses)`, [replaceWord(w, r.canonical)])] : undefined,
      severity: truncation ? 'warning' : undefined,
    });
  }
}

// Constant types: checkValue memoises results per type object.
const FWMARK: ArgType = { kind: 'int', min: 0, max: 4294967295 };
const ADDRESS: ArgType = { kind: 'ip', prefix: 'no' };
const PORT: ArgType = { kind: 'port' };
const OPTIONAL_BOOL: ArgSpec[] = [{ name: 'BOOL', type: { kind: 'bool' }, optional: true }];

/** `virtual_server IP [PORT] | fwmark N | group NAME` (check_parser.c vs_handler). */
function checkVirtualServerHead(ctx: RuleContext, s: Statement): void {
  const [a, b] = s.args;
  if (!a) return; // missing-argument
  if (a.text === 'fwmark') {
    if (b) {
      const r = checkValue(b.text, FWMARK);
      if (!r.ok) ctx.report({ at: b, message: `${r.problem}: a firewall mark is an integer 0..4294967295. keepalived skips this virtual server.` });
    }
    return;
  }
  if (a.text === 'group') return;
  const r = checkValue(a.text, ADDRESS);
  if (!r.ok) {
    ctx.report({ at: a, message: `${r.problem}: \`virtual_server\` takes an IP address and port, \`fwmark N\` or \`group NAME\`. keepalived reports "Invalid virtual server IP address/port" and skips the whole virtual server.` });
    return;
  }
  if (b) {
    const p = checkValue(b.text, PORT);
    if (!p.ok) ctx.report({ at: b, message: `${p.problem}: the port of a virtual server is 0..65535 (0 only with persistence). keepalived skips the whole virtual server.` });
  }
}

/** smtp_server takes an IP address or a host name. */
function checkHost(ctx: RuleContext, w: Word): void {
  if (checkValue(w.text, ADDRESS).ok) return;
  if (/^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(w.text)) return;
  ctx.report({ at: w, message: `'${w.text}' is neither an IP address nor a host name: keepalived reports "Invalid smtp server" and sends no notification e-mail.` });
}

function consequence(name: string): string {
  switch (name) {
    case 'state':
      return 'starts the instance as BACKUP';
    case 'priority':
      return 'uses the default priority 100 instead';
    case 'lb_kind':
    case 'lvs_method':
      return 'uses NAT instead';
    case 'lb_algo':
    case 'lvs_sched':
      return 'uses the default scheduler wlc instead';
    case 'protocol':
      return 'keeps the default protocol (UDP)';
    default:
      return 'ignores it (the default applies)';
  }
}
