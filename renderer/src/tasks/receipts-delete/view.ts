/**
 * Deleting local receipt copies in the window: its items are receipts (the subject is the
 * vendor or sender the owner recognises), its cards live on the Receipts page.
 */
import { receiptsDeleteFacts } from '../../../../common/tasks/receipts-delete/facts.ts';
import { TrashIcon } from '../../components/Icons.tsx';
import { defineKindView } from '../kind-view.ts';
import { receiptsDeleteWords } from './words.ts';

export const receiptsDeleteView = defineKindView({
  facts: receiptsDeleteFacts,
  icon: TrashIcon,
  columns: { subjectDir: 'auto' },
  listedOn: 'receipts',
  words: receiptsDeleteWords,
});
