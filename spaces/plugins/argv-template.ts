/**
 * Argument templates for the command plug-in: `--l1={l1_kb}` with `{name}` placeholders, and
 * `{{` / `}}` for literal braces. Templates are parsed once, when the environment is created, so a
 * misspelt placeholder fails before any simulation runs.
 */

export type TemplatePart = { text: string } | { placeholder: string };

export interface Template {
  source: string;
  parts: TemplatePart[];
  placeholders: string[];
}

/** Parses a template; throws an Error (wrapped by the caller with the option name) on stray braces. */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = [];
  const placeholders: string[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '{' && source[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (c === '}' && source[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (c === '{') {
      const close = source.indexOf('}', i + 1);
      const name = close < 0 ? '' : source.slice(i + 1, close);
      if (close < 0 || name === '' || name.includes('{')) {
        throw new Error(`unmatched "{" at position ${i + 1} in ${JSON.stringify(source)}; write {{ for a literal brace`);
      }
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ placeholder: name });
      if (!placeholders.includes(name)) placeholders.push(name);
      i = close + 1;
    } else if (c === '}') {
      throw new Error(`unmatched "}" at position ${i + 1} in ${JSON.stringify(source)}; write }} for a literal brace`);
    } else {
      text += c;
      i++;
    }
  }
  if (text !== '') parts.push({ text });
  return { source, parts, placeholders };
}

/** Fills a template; every placeholder must have a value (checked when the template was accepted). */
export function renderTemplate(template: Template, values: Readonly<Record<string, string>>): string {
  let out = '';
  for (const part of template.parts) {
    if ('text' in part) out += part.text;
    else {
      const value = values[part.placeholder];
      if (value === undefined) throw new Error(`no value for placeholder {${part.placeholder}} in ${JSON.stringify(template.source)}`);
      out += value;
    }
  }
  return out;
}
