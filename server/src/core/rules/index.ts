import { rule as addressOwnerTracking } from './address-owner-tracking';
import { rule as arpNotHidden } from './arp-not-hidden';
import { rule as arpSysctlIneffective } from './arp-sysctl-ineffective';
import { rule as arptablesIncomplete } from './arptables-incomplete';
import { rule as arptablesJfChains } from './arptables-jf-chains';
import { rule as arptablesNotSaved } from './arptables-not-saved';
import { rule as authPassTruncated } from './auth-pass-truncated';
import { rule as checkTargetsVip } from './check-targets-vip';
import { rule as commentInWord } from './comment-in-word';
import { rule as deprecatedKeyword } from './deprecated-keyword';
import { rule as drPortMismatch } from './dr-port-mismatch';
import { rule as drRealServerOffSubnet } from './dr-real-server-off-subnet';
import { rule as duplicateName } from './duplicate-name';
import { rule as duplicateRealServer } from './duplicate-real-server';
import { rule as duplicateVirtualServer } from './duplicate-virtual-server';
import { rule as duplicateVrid } from './duplicate-vrid';
import { rule as emptyBlock } from './empty-block';
import { rule as emptyVirtualServer } from './empty-virtual-server';
import { rule as expansionLimit } from './expansion-limit';
import { rule as extraArgument } from './extra-argument';
import { rule as includeCycle } from './include-cycle';
import { rule as includeLimit } from './include-limit';
import { rule as includeMissing } from './include-missing';
import { rule as includeNoMatch } from './include-no-match';
import { rule as includeNotFile } from './include-not-file';
import { rule as internalError } from './internal-error';
import { rule as invalidSequence } from './invalid-sequence';
import { rule as invalidValue } from './invalid-value';
import { rule as iptablesRedirect } from './iptables-redirect';
import { rule as lineTooLong } from './line-too-long';
import { rule as loneCarriageReturn } from './lone-carriage-return';
import { rule as masterWithAh } from './master-with-ah';
import { rule as misplacedKeyword } from './misplaced-keyword';
import { rule as missingArgument } from './missing-argument';
import { rule as missingBlock } from './missing-block';
import { rule as missingKeyword } from './missing-keyword';
import { rule as missingLbKind } from './missing-lb-kind';
import { rule as missingProtocol } from './missing-protocol';
import { rule as multicastSourceAddress } from './multicast-source-address';
import { rule as natIpForward } from './nat-ip-forward';
import { rule as nestingLimit } from './nesting-limit';
import { rule as newerKeyword } from './newer-keyword';
import { rule as noVip } from './no-vip';
import { rule as nopreemptIgnored } from './nopreempt-ignored';
import { rule as nulByte } from './nul-byte';
import { rule as peerMismatch } from './peer-mismatch';
import { rule as peerPriority } from './peer-priority';
import { rule as protocolWithFwmark } from './protocol-with-fwmark';
import { rule as quorumAboveWeight } from './quorum-above-weight';
import { rule as realServerIpForward } from './real-server-ip-forward';
import { rule as realServerIsVip } from './real-server-is-vip';
import { rule as realServerProblems } from './real-server-problems';
import { rule as realServerVipDrift } from './real-server-vip-drift';
import { rule as realserverConfigMissing } from './realserver-config-missing';
import { rule as repeatedLvsSyncDaemon } from './repeated-lvs-sync-daemon';
import { rule as routeWithoutInterface } from './route-without-interface';
import { rule as ruleWithoutPreference } from './rule-without-preference';
import { rule as runtimeOnlySetting } from './runtime-only-setting';
import { rule as strictModeConflict } from './strict-mode-conflict';
import { rule as syncGroupSharedVrid } from './sync-group-shared-vrid';
import { rule as syncGroupTooSmall } from './sync-group-too-small';
import { rule as sysctlCommentedOut } from './sysctl-commented-out';
import { rule as sysctlOverriddenByAll } from './sysctl-overridden-by-all';
import { rule as trackOwnInterface } from './track-own-interface';
import { rule as tunRpFilter } from './tun-rp-filter';
import { rule as unclosedBrace } from './unclosed-brace';
import { rule as undefinedReference } from './undefined-reference';
import { rule as unexpectedBlock } from './unexpected-block';
import { rule as unicastPeerIsSelf } from './unicast-peer-is-self';
import { rule as unicastPeerSubnet } from './unicast-peer-subnet';
import { rule as unknownKeyword } from './unknown-keyword';
import { rule as unmatchedBrace } from './unmatched-brace';
import { rule as unterminatedQuote } from './unterminated-quote';
import { rule as unusedDefinition } from './unused-definition';
import { rule as unusedDisableDirective } from './unused-disable-directive';
import { rule as vipFamilyMismatch } from './vip-family-mismatch';
import { rule as vipInTwoInstances } from './vip-in-two-instances';
import { rule as vipNetmask } from './vip-netmask';
import { rule as vipNotProvided } from './vip-not-provided';
import { rule as vipOnArpInterface } from './vip-on-arp-interface';
import { rule as vridClash } from './vrid-clash';
import type { Rule } from '../lint/rule';

/**
 * Every rule, sorted by id. Generated by scripts/gen-rule-index.mjs from the files of this folder (file name = id).
 * Adding a rule touches: its file here, test/fixtures/rules/<id>/ and docs/rules/<id>.md (generated: npm run docs).
 */
export const RULES: readonly Rule[] = [
  addressOwnerTracking,
  arpNotHidden,
  arpSysctlIneffective,
  arptablesIncomplete,
  arptablesJfChains,
  arptablesNotSaved,
  authPassTruncated,
  checkTargetsVip,
  commentInWord,
  deprecatedKeyword,
  drPortMismatch,
  drRealServerOffSubnet,
  duplicateName,
  duplicateRealServer,
  duplicateVirtualServer,
  duplicateVrid,
  emptyBlock,
  emptyVirtualServer,
  expansionLimit,
  extraArgument,
  includeCycle,
  includeLimit,
  includeMissing,
  includeNoMatch,
  includeNotFile,
  internalError,
  invalidSequence,
  invalidValue,
  iptablesRedirect,
  lineTooLong,
  loneCarriageReturn,
  masterWithAh,
  misplacedKeyword,
  missingArgument,
  missingBlock,
  missingKeyword,
  missingLbKind,
  missingProtocol,
  multicastSourceAddress,
  natIpForward,
  nestingLimit,
  newerKeyword,
  noVip,
  nopreemptIgnored,
  nulByte,
  peerMismatch,
  peerPriority,
  protocolWithFwmark,
  quorumAboveWeight,
  realServerIpForward,
  realServerIsVip,
  realServerProblems,
  realServerVipDrift,
  realserverConfigMissing,
  repeatedLvsSyncDaemon,
  routeWithoutInterface,
  ruleWithoutPreference,
  runtimeOnlySetting,
  strictModeConflict,
  syncGroupSharedVrid,
  syncGroupTooSmall,
  sysctlCommentedOut,
  sysctlOverriddenByAll,
  trackOwnInterface,
  tunRpFilter,
  unclosedBrace,
  undefinedReference,
  unexpectedBlock,
  unicastPeerIsSelf,
  unicastPeerSubnet,
  unknownKeyword,
  unmatchedBrace,
  unterminatedQuote,
  unusedDefinition,
  unusedDisableDirective,
  vipFamilyMismatch,
  vipInTwoInstances,
  vipNetmask,
  vipNotProvided,
  vipOnArpInterface,
  vridClash,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
