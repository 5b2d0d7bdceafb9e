import type { Rule } from '../lint/rule';
import type { Word } from '../keepalived/ast';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'address-owner-tracking',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: '`priority 255` (the address owner) with weighted `track_script` / `track_interface`: keepalived ignores those weights.',
    rationale:
      'Priority 255 is reserved by VRRP for the address owner, the router whose own interface address is the VIP; its priority never changes. keepalived therefore drops weighted tracking on such an instance: "(VI_1) ignoring tracked script chk with weights due to address_owner" and "(VI_1) ignoring eth1 tracked interface due to address owner" (keepalived vrrp.c). A health check meant to lower the priority (`weight -2`, the usual kubeadm/HAProxy recipe) then never moves the VIP: the MASTER keeps it while its service is down. Copied configs use 255 to mean "the preferred node"; give that node a priority below 255 (e.g. 150, with the backups lower by more than the weights), or track without weight so that a failure puts the instance in FAULT.',
    invalid: 'vrrp_script chk_apiserver {\n    script "/etc/keepalived/check_apiserver.sh"\n    interval 3\n    weight -2\n}\n\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 255\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n    track_script {\n        chk_apiserver\n    }\n}',
    valid: 'vrrp_script chk_apiserver {\n    script "/etc/keepalived/check_apiserver.sh"\n    interval 3\n    weight -2\n}\n\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n    track_script {\n        chk_apiserver\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const inst of model.instances) {
      if (inst.duplicateOf || inst.priority?.value !== 255) continue;
      const related = [{ location: { file: inst.priority.word.file, range: inst.priority.word.range }, message: '`priority 255`' }];
      for (const t of inst.tracks) {
        if (t.kind !== 'script') continue;
        // The weight of the track line, else the script's own `weight`.
        let weight: Word | undefined = t.weight?.word;
        if (!weight) {
          const def = model.byName.vrrp_script.get(t.word.text);
          const w = def?.statement.block?.statements.find((c) => c.spec && !c.valueBlock && c.spec.name === 'weight');
          if (w?.args[0] && Number(w.args[0].text) !== 0) weight = w.args[0];
        }
        if (!weight || Number(weight.text) === 0) continue;
        ctx.report({
          at: t.word,
          message: `${inst.name} has priority 255 (the address owner), so keepalived ignores this script's weight ${weight.text}: "(${inst.name}) ignoring tracked script ${t.word.text} with weights due to address_owner". A failing check never lowers the priority and the VIP stays here. Use a priority below 255, or track without weight (a failure then puts ${inst.name} in FAULT).`,
          related,
        });
      }
      for (const t of inst.trackInterfaces) {
        if (!t.weight || t.weight.value === 0) continue;
        ctx.report({
          at: t.word,
          message: `${inst.name} has priority 255 (the address owner), so keepalived ignores this weighted interface: "(${inst.name}) ignoring ${t.word.text} tracked interface due to address owner"; its failure never moves the VIP. Use a priority below 255, or track it without weight.`,
          related,
        });
      }
    }
  },
};
