/** The kinds the tests run with: the shipped ones, plus the test-only kinds, one line each. */
import { SHIPPED_KINDS } from '../../main/tasks/registry.ts';
import { tallyKind } from './tally/kind.ts';

export const TEST_KINDS = SHIPPED_KINDS.with(tallyKind);
