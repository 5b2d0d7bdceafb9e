import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLI as users run it: the bundle built by `npm run build` (npm test builds first).
const CLI = join(process.cwd(), 'dist/cli.js');
let dir: string;

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvs-cli-'));
  mkdirSync(join(dir, 'lb'));
  writeFileSync(
    join(dir, 'lb', 'keepalived.conf'),
    ['vrrp_instance VI_1 {', '    state MASTER', '    interface eth0', '    virtual_router_id 51', '    virtual_ipaddress { 192.0.2.10 }', '}', 'virtual_server 192.0.2.10 80 {', '    lb_kind dr', '    protocol TCP', '    real_server 10.0.0.11 80 {', '        weight 1', '    }', '}', ''].join('\n'),
  );
  writeFileSync(join(dir, 'lb', 'clean.conf'), 'global_defs {\n    router_id lb1\n}\n');
  // Named like nothing keepalived, found by its content.
  writeFileSync(join(dir, 'lb', 'lvs.conf'), '! the LVS director\nglobal_defs {\n    router_idd lb1\n}\n');
  writeFileSync(join(dir, 'nginx.conf'), 'events {}\nhttp { server { listen 80; } }\n');
});

describe('lvs-lint', () => {
  it('text: file:line:col: severity rule-id message, exit 1 on an error', () => {
    const r = run(['lb/keepalived.conf']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^lb\/keepalived\.conf:8:13: error invalid-value .*'dr' must be written 'DR'/m);
    expect(r.out).toMatch(/1 problem \(1 error, 0 warnings\)/);
  });

  it('exit 0 on a clean file', () => {
    const r = run(['lb/clean.conf']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no problems');
  });

  it('a folder is walked: keepalived files by name and by content, other .conf files ignored', () => {
    const r = run(['--format', 'json', '.']);
    const files = new Set((JSON.parse(r.out) as { file: string }[]).map((d) => d.file));
    expect(files).toEqual(new Set(['lb/keepalived.conf', 'lb/lvs.conf']));
  });

  it('json: an array of {file, range, severity, code, message} with 0-based LSP positions', () => {
    const r = run(['--format', 'json', 'lb/keepalived.conf']);
    const ds = JSON.parse(r.out);
    expect(ds).toEqual([
      {
        file: 'lb/keepalived.conf',
        range: { start: { line: 7, character: 12 }, end: { line: 7, character: 14 } },
        severity: 'error',
        code: 'invalid-value',
        message: expect.stringContaining("'dr'"),
      },
    ]);
  });

  it('sarif: a SARIF 2.1.0 log with the rule catalogue and 1-based regions', () => {
    const r = run(['--format', 'sarif', 'lb/keepalived.conf']);
    const log = JSON.parse(r.out);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('lvs-lint');
    expect(run0.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('invalid-value');
    expect(run0.results).toHaveLength(1);
    expect(run0.results[0].ruleId).toBe('invalid-value');
    expect(run0.results[0].level).toBe('error');
    expect(run0.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'lb/keepalived.conf' },
      region: { startLine: 8, startColumn: 13, endLine: 8, endColumn: 15 },
    });
  });

  it('--config-id activates @ID lines', () => {
    writeFileSync(join(dir, 'lb', 'cond.conf'), 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n@lb2 priority 300\n}\n');
    expect(run(['lb/cond.conf']).code).toBe(0);
    const r = run(['--config-id', 'lb2', 'lb/cond.conf']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/cond\.conf:4:15: error invalid-value/);
  });

  it('--target-version reports keywords newer than the target', () => {
    writeFileSync(join(dir, 'lb', 'new.conf'), 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    no_virtual_ipaddress\n}\n');
    expect(run(['lb/new.conf']).out).not.toContain('newer-keyword');
    expect(run(['--target-version', '2.2.7', 'lb/new.conf']).out).toMatch(/new\.conf:4:5: warning newer-keyword .*2\.2\.8/);
  });

  it('--rule overrides a severity', () => {
    const r = run(['--rule', 'invalid-value=warning', 'lb/keepalived.conf']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('warning invalid-value');
  });

  it('a named file is analysed whatever its name; --lang forces the kind', () => {
    expect(run(['nginx.conf']).code).toBe(1); // named explicitly: analysed (as keepalived, failing that)
    expect(run(['--lang', 'keepalived', 'lb/clean.conf']).code).toBe(0);
  });

  it('usage errors and unreadable paths exit 2 with one clear line, no stack trace', () => {
    for (const args of [[], ['--format', 'xml', 'lb'], ['--target-version', '9.9', 'lb'], ['--bogus'], ['does-not-exist.conf'], ['--rule', 'nope=off', 'lb']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^lvs-lint: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('--help and --version exit 0', () => {
    expect(run(['--help']).out).toContain('Usage: lvs-lint');
    expect(run(['--version']).out).toMatch(/^lvs-lint \d/);
  });

  it('.lvs-config.json (nearest above the PATH) sets rule severities; flags override it', () => {
    const proj = join(dir, 'proj');
    mkdirSync(join(proj, 'lb'), { recursive: true });
    writeFileSync(join(proj, 'lb', 'keepalived.conf'), 'virtual_server 192.0.2.10 80 {\n    lb_kind dr\n    protocol TCP\n}\n');
    writeFileSync(join(proj, '.lvs-config.json'), JSON.stringify({ rules: { 'invalid-value': 'warning' } }));
    const r = run(['lb'], proj);
    expect(r.code).toBe(0);
    expect(r.out).toContain('warning invalid-value');
    expect(run(['--rule', 'invalid-value=off', 'lb'], proj).out).not.toContain('invalid-value');
    writeFileSync(join(proj, '.lvs-config.json'), JSON.stringify({ rules: { 'no-such-rule': 'off' } }));
    const bad = run(['lb'], proj);
    expect(bad.err).toContain('unknown rule "no-such-rule"');
    writeFileSync(join(proj, '.lvs-config.json'), '{ not json');
    const broken = run(['lb'], proj);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^lvs-lint: .*\.lvs-config\.json: not valid JSON/);
  });

  it('suppression comments silence a rule on the next line or in the file', () => {
    writeFileSync(
      join(dir, 'lb', 'quiet.conf'),
      'virtual_server 192.0.2.10 80 {\n    # lvs-config-disable-next-line invalid-value\n    lb_kind dr\n    protocol TCP\n}\n',
    );
    expect(run(['lb/quiet.conf']).code).toBe(0);
    writeFileSync(join(dir, 'lb', 'quiet2.conf'), '# lvs-config-disable invalid-value,unknown-keyword\nvirtual_server 192.0.2.10 80 {\n    lb_kind dr\n    lb_knd DR\n    protocol TCP\n}\n');
    expect(run(['lb/quiet2.conf']).code).toBe(0);
  });
});
