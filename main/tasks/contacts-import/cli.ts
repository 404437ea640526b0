/** `taskdeck contacts import <csv>`: a contact import from a file. */
import { TaskdeckError } from '../../../common/result.ts';
import type { ContactsImportParams } from '../../../common/tasks/contacts-import/params.ts';
import { str } from '../../cli/args.ts';
import type { KindCli } from '../kind.ts';

export const contactsImportCli: KindCli = {
  command: 'contacts import',
  usage: 'contacts import <csv> -b <id> [--country IL] [--phone-column H] [--name-column H] [--wait]',
  options: { country: { type: 'string' }, 'phone-column': { type: 'string' }, 'name-column': { type: 'string' } },
  toInput(values, positionals) {
    const path = positionals[0];
    if (!path) throw new TaskdeckError('bad_input', 'contacts import needs a CSV file');
    const phone = str(values, 'phone-column');
    const name = str(values, 'name-column');
    const country = str(values, 'country');
    const input: ContactsImportParams = {
      path,
      ...(country ? { defaultCountry: country } : {}),
      ...(phone || name ? { mapping: { ...(phone ? { phone } : {}), ...(name ? { name } : {}) } } : {}),
    };
    return input;
  },
};
