// Personal data of other people in what the app sent back (a leaked user
// list, an invoice with a customer's phone number) is evidence, but a report
// is forwarded, attached and pasted: it must not become a second leak. By
// default the report masks emails, phone numbers and the names next to them
// in evidence excerpts, keeping the field names, so a finding still says
// which fields leaked ("email", "phone"); `--show-personal-data` keeps them.
const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/g;
// Phone numbers as people write them: an optional +country code, groups split by spaces or dashes, at least 9 digits.
const PHONE = /(?<![\w-])(\+\d{1,3}[\s-]?)?(\(\d{2,4}\)[\s-]?)?\d{2,5}(?:[\s-]\d{2,5}){1,4}(?![\w-])/g;
// Fields whose string value is personal whatever it looks like.
const PERSONAL_KEY = /^(first_?name|last_?name|full_?name|display_?name|given_?name|family_?name|surname|phone|phone_?number|mobile|tel|telephone|address|street|birth_?date|date_?of_?birth|dob)$/i;
const FIELD = /(\\?")([A-Za-z_][\w-]{0,40})\1(\s*:\s*)\1((?:[^"\\]|\\(?!")[\s\S])*)\1/g;
// A JSON object without nested objects: where a "name" sits next to an email, it is a person's name.
const FLAT_OBJECT = /\{[^{}]*\}/g;

const keepFirst = (v: string): string => (v ? `${v[0]}***` : v);

function maskFields(text: string, personal: (key: string) => boolean): string {
  return text.replace(FIELD, (whole, q: string, key: string, sep: string, value: string) =>
    personal(key) && value && !value.includes('***') ? `${q}${key}${q}${sep}${q}${keepFirst(value)}${q}` : whole,
  );
}

export function maskPersonalData(text: string): string {
  let out = text.replace(FLAT_OBJECT, (obj) => (/"e-?mail"|\\"e-?mail\\"|@[A-Za-z0-9-]+\./.test(obj) ? maskFields(obj, (k) => /^(name|username|user_?name)$/i.test(k)) : obj));
  out = maskFields(out, (k) => PERSONAL_KEY.test(k));
  out = out.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
  out = out.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, '');
    return digits.length >= 9 ? `${m.slice(0, m.search(/\d/) + 1)}***${digits.slice(-2)}` : m;
  });
  return out;
}
