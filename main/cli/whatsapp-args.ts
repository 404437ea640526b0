/** CLI arguments of WhatsApp commands: template values and the token (never from argv). */
import { TaskdeckError } from '../../common/result.ts';

export type TemplateParamSourceInput = { field: string } | { text: string };

/** `--param 1=field:name --param 2=text:Hello` → [{field:'name'}, {text:'Hello'}], in {{n}} order. */
export function parseTemplateParams(args: readonly string[]): TemplateParamSourceInput[] {
  const byIndex = new Map<number, TemplateParamSourceInput>();
  for (const arg of args) {
    const match = /^(\d+)=(field|text):(.*)$/s.exec(arg);
    if (!match) throw new TaskdeckError('bad_input', `--param "${arg}": write it as 1=field:name or 2=text:Hello`);
    const index = Number(match[1]);
    const value = match[3]!;
    if (index < 1 || byIndex.has(index)) throw new TaskdeckError('bad_input', `--param ${index} is given twice or is not 1 or more`);
    if (!value) throw new TaskdeckError('bad_input', `--param ${index} has no value`);
    byIndex.set(index, match[2] === 'field' ? { field: value } : { text: value });
  }
  const out: TemplateParamSourceInput[] = [];
  for (let i = 1; i <= byIndex.size; i++) {
    const p = byIndex.get(i);
    if (!p) throw new TaskdeckError('bad_input', `--param ${i} is missing (values are numbered 1, 2, 3, … like {{1}}, {{2}})`);
    out.push(p);
  }
  return out;
}

/**
 * The access token comes from an environment variable, so it never lands in shell
 * history or in `ps` output.
 */
export function readToken(variable = 'TASKDECK_WHATSAPP_TOKEN'): string {
  const token = process.env[variable]?.trim();
  if (!token) throw new TaskdeckError('bad_input', `Put the access token in the environment variable ${variable} (it is never read from the command line)`);
  return token;
}
