import type { ContactInput } from '../api/processing-types.ts';

/** Column names (lower case, without spaces, dashes or underscores) and the contact field they fill. */
const COLUMNS: Record<string, keyof ContactInput> = {
  name: 'name',
  chatid: 'chatId',
  phone: 'phone',
  phonenumber: 'phone',
  channeluserid: 'channelUserId',
  email: 'email',
};

/** Splits CSV text into rows of cells: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',' || char === ';' || char === '\t') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** CSV with a header row: known columns become fields, the others attributes; empty cells are left out. */
function fromCsv(text: string): ContactInput[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const keys = header.map((name) => name.trim());
  return rows.map((cells) => {
    const contact: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    keys.forEach((key, index) => {
      const value = cells[index]?.trim() ?? '';
      if (value === '' || key === '') return;
      const field = COLUMNS[key.toLowerCase().replace(/[\s_-]/g, '')];
      if (field) contact[field] = value;
      else attributes[key] = value;
    });
    if (Object.keys(attributes).length > 0) contact.attributes = attributes;
    return contact as ContactInput;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON: an array of contacts, or `{ contacts: [...] }`. */
function fromJson(text: string): ContactInput[] {
  const parsed: unknown = JSON.parse(text);
  const list = isObject(parsed) && Array.isArray(parsed.contacts) ? parsed.contacts : parsed;
  if (!Array.isArray(list) || !list.every(isObject))
    throw new Error('JSON must be an array of contact objects, or { "contacts": [...] }.');
  return list as ContactInput[];
}

/** The contacts in pasted CSV or JSON (detected by the first character), or why they cannot be read. */
export function parseContacts(
  text: string,
): { contacts: ContactInput[]; format: 'CSV' | 'JSON' } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'Paste CSV with a header row, or a JSON array of contacts.' };
  const json = trimmed.startsWith('[') || trimmed.startsWith('{');
  try {
    const contacts = json ? fromJson(trimmed) : fromCsv(trimmed);
    if (contacts.length === 0)
      return { error: 'No contacts found: CSV needs a header row and at least one row.' };
    if (contacts.length > 5000)
      return { error: `${contacts.length} contacts: import at most 5000 at a time.` };
    return { contacts, format: json ? 'JSON' : 'CSV' };
  } catch (error) {
    if (error instanceof SyntaxError) return { error: `Not valid JSON: ${error.message}` };
    return { error: error instanceof Error ? error.message : 'The contacts could not be read.' };
  }
}
