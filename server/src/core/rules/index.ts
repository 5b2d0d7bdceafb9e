import { rule as authPassTruncated } from './auth-pass-truncated';
import { rule as commentInWord } from './comment-in-word';
import { rule as deprecatedKeyword } from './deprecated-keyword';
import { rule as drPortMismatch } from './dr-port-mismatch';
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
import { rule as lineTooLong } from './line-too-long';
import { rule as loneCarriageReturn } from './lone-carriage-return';
import { rule as masterWithAh } from './master-with-ah';
import { rule as misplacedKeyword } from './misplaced-keyword';
import { rule as missingArgument } from './missing-argument';
import { rule as missingBlock } from './missing-block';
import { rule as missingKeyword } from './missing-keyword';
import { rule as missingLbKind } from './missing-lb-kind';
import { rule as missingProtocol } from './missing-protocol';
import { rule as nestingLimit } from './nesting-limit';
import { rule as newerKeyword } from './newer-keyword';
import { rule as nopreemptIgnored } from './nopreempt-ignored';
import { rule as nulByte } from './nul-byte';
import { rule as protocolWithFwmark } from './protocol-with-fwmark';
import { rule as realServerIsVip } from './real-server-is-vip';
import { rule as strictModeConflict } from './strict-mode-conflict';
import { rule as unclosedBrace } from './unclosed-brace';
import { rule as undefinedReference } from './undefined-reference';
import { rule as unexpectedBlock } from './unexpected-block';
import { rule as unknownKeyword } from './unknown-keyword';
import { rule as unmatchedBrace } from './unmatched-brace';
import { rule as unterminatedQuote } from './unterminated-quote';
import { rule as unicastPeerIsSelf } from './unicast-peer-is-self';
import { rule as unusedDefinition } from './unused-definition';
import { rule as unusedDisableDirective } from './unused-disable-directive';
import { rule as vipInTwoInstances } from './vip-in-two-instances';
import type { Rule } from '../lint/rule';

/**
 * Every rule, sorted by id. Adding a rule touches: its file here (file name = id), this list,
 * test/fixtures/rules/<id>/ and docs/rules/<id>.md (generated: npm run docs).
 */
export const RULES: readonly Rule[] = [
  authPassTruncated,
  commentInWord,
  deprecatedKeyword,
  drPortMismatch,
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
  lineTooLong,
  loneCarriageReturn,
  masterWithAh,
  misplacedKeyword,
  missingArgument,
  missingBlock,
  missingKeyword,
  missingLbKind,
  missingProtocol,
  nestingLimit,
  newerKeyword,
  nopreemptIgnored,
  nulByte,
  protocolWithFwmark,
  realServerIsVip,
  strictModeConflict,
  unclosedBrace,
  undefinedReference,
  unexpectedBlock,
  unicastPeerIsSelf,
  unknownKeyword,
  unmatchedBrace,
  unterminatedQuote,
  unusedDefinition,
  unusedDisableDirective,
  vipInTwoInstances,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
