/** Small Markdown builders shared by the reference's sections; Prettier formats the result afterwards. */

export const section = (level, title) => `${'#'.repeat(level)} ${title}\n`;

/** Inline code that survives backticks and pipes inside the value (table cells). */
export function code(value) {
  const text = String(value).replace(/\|/g, '\\|');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export const json = (value) => ['```json', JSON.stringify(value, null, 2), '```'].join('\n');

/** One table cell: a single line, pipes escaped unless already escaped (code() escapes its own). */
const cell = (text) =>
  String(text ?? '')
    .replace(/\n+/g, ' ')
    .replace(/(?<!\\)\|/g, '\\|')
    .trim();

/** A table of rows `{field, type, default, description}`; an empty header drops that column. */
export function fieldTable(rows, headers = ['Field', 'Type', 'Default', 'Description']) {
  if (rows.length === 0) return '_No fields._';
  const keys = ['field', 'type', 'default', 'description'].filter((_key, index) => headers[index]);
  const shown = headers.filter(Boolean);
  return [
    `| ${shown.join(' | ')} |`,
    `| ${shown.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${keys.map((key) => cell(row[key])).join(' | ')} |`),
  ].join('\n');
}

/** The error an example's wrong input gives: what happened, then what to do. */
export function refusal(example) {
  return [
    `Wrong input is refused before any request. With ${code(JSON.stringify(example.badParams))}:`,
    '',
    `> ${code(example.error.code)}: ${example.error.message}<br>`,
    `> What to do: ${example.error.description}`,
  ];
}
