/**
 * Importing contacts in the window: its details are the rows that could not be imported
 * (facts.details 'row-errors'), its cards and its form live on the Contacts page.
 */
import { contactsImportFacts } from '../../../../common/tasks/contacts-import/facts.ts';
import { ImportIcon } from '../../components/Icons.tsx';
import { defineKindView } from '../kind-view.ts';
import { contactsImportWords } from './words.ts';
import { ImportForm } from './ImportForm.tsx';

export const contactsImportView = defineKindView({
  facts: contactsImportFacts,
  icon: ImportIcon,
  iconTone: 'info',
  columns: { subjectDir: 'ltr' },
  startForm: ImportForm,
  listedOn: 'contacts',
  words: contactsImportWords,
});
