/** The contacts-import kind, main side: the file must be there, and names the task. */
import { verbatim } from '../../../common/messages.ts';
import { contactsImportFacts } from '../../../common/tasks/contacts-import/facts.ts';
import { assertReadableFile, fileName } from '../files.ts';
import { defineMainKind } from '../kind.ts';
import { contactsImportCli } from './cli.ts';

export const contactsImportKind = defineMainKind({
  facts: contactsImportFacts,
  create(ctx, params) {
    assertReadableFile(params.path);
    return { title: verbatim(ctx.title ?? fileName(params.path)), params };
  },
  runner: async () => (await import('./runner.ts')).runContactsImport,
  cli: contactsImportCli,
});
