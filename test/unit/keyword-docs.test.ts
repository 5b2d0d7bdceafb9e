/**
 * server/src/core/schema/keyword-docs.generated.ts is what scripts/gen-keyword-docs.mjs writes from the installed
 * keepalived.conf(5) (checked only where the man page exists), and it covers the keywords people hover most.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORD_DOCS } from '../../server/src/core/schema/keyword-docs.generated';
import { manDocFor } from '../../server/src/core/editor/keyword-docs';
import { SCHEMA } from '../../server/src/core/schema/index';

const MAN = '/usr/share/man/man5/keepalived.conf.5.gz';
const ROOT = path.resolve(__dirname, '..', '..');

describe('keyword docs from keepalived.conf(5)', () => {
  it.skipIf(!existsSync(MAN))('the generated file is current', () => {
    const out = execFileSync('node', [path.join(ROOT, 'scripts/gen-keyword-docs.mjs'), '--check', MAN], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });

  it('keeps the man page text faithful and short', () => {
    expect(KEYWORD_DOCS['vrrp_instance|virtual_router_id'].text).toMatch(/^arbitrary unique number from 1 to 255/i);
    expect(KEYWORD_DOCS['vrrp_instance/authentication|auth_pass'].text).toContain('Only the first eight (8) characters are used');
    for (const d of Object.values(KEYWORD_DOCS)) expect(d.text.length).toBeLessThanOrEqual(482);
  });

  it('documents most keywords of the LVS and VRRP blocks', () => {
    for (const block of ['vrrp_instance', 'virtual_server', 'virtual_server/real_server', 'vrrp_script', 'vrrp_sync_group']) {
      const specs = Object.values(SCHEMA.blocks[block].keywords);
      const documented = specs.filter((s) => manDocFor(s)?.text);
      expect(documented.length / specs.length, block).toBeGreaterThan(0.6);
    }
  });
});
