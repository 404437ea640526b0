/**
 * Importing contacts from a CSV file. Its units are the file's rows, not items: the rows
 * that could not be imported are listed with their line and reason (import_errors).
 */
import { defineKindFacts } from '../kind.ts';
import { contactsImportParams } from './params.ts';

export const contactsImportFacts = defineKindFacts({
  id: 'contacts-import',
  input: contactsImportParams,
  params: contactsImportParams,
  sideEffect: 'repeatable',
  perBusiness: null,
  data: { writes: ['contacts'] },
  retryFailed: false,
  details: 'row-errors',
  words: {
    invalidInput: 'importInvalid',
    finished: 'alertFinishedImport',
    succeeded: 'alertCountImported',
    failed: 'alertCountFailedRows',
    skipped: 'alertCountSkippedRows',
    waitingForAccount: 'alertWaitingForAccount',
  },
});
