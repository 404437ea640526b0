/**
 * A guarantee fixture per registered kind (tests/kinds/registry.ts). Typed to have one for
 * every shipped kind, and the suite fails by name for a registered kind without one, so a
 * kind cannot be added without its guarantees being checked.
 */
import type { TaskKind } from '../../common/tasks/kinds.ts';
import { tallyFixture } from '../kinds/tally/guarantee-fixture.ts';
import { TEST_KINDS } from '../kinds/registry.ts';
import type { GuaranteeFixture } from './fixture.ts';
import { broadcastFixture } from './fixtures/broadcast.ts';
import { contactsImportFixture } from './fixtures/contacts-import.ts';
import { receiptsDeleteFixture } from './fixtures/receipts-delete.ts';
import { receiptsSyncFixture } from './fixtures/receipts-sync.ts';

const SHIPPED_FIXTURES = {
  broadcast: broadcastFixture,
  'contacts-import': contactsImportFixture,
  'receipts-delete': receiptsDeleteFixture,
  'receipts-sync': receiptsSyncFixture,
} satisfies Record<TaskKind, GuaranteeFixture>;

const FIXTURES: Readonly<Record<string, GuaranteeFixture>> = { ...SHIPPED_FIXTURES, 'test-tally': tallyFixture };

/** Every registered kind, each with its fixture (undefined: the suite says which kind lacks one). */
export function kindsUnderGuarantee() {
  return TEST_KINDS.all().map((kind) => ({ id: kind.facts.id, kind, fixture: FIXTURES[kind.facts.id] }));
}
