import { JsonNumberText } from "./losslessJson";

/**
 * A value as a message quotes it: strings and JSON values as JSON text (`"abc"`, `{"a":1}`),
 * numbers as written (`NaN`, `1e+300`, an exact JSON number's own digits), cut to `max`
 * characters so a huge or hostile value cannot flood a message. The one quoting helper.
 */
export function quote(value: unknown, max = 80): string {
  let text: string;
  if (value === undefined) text = "undefined";
  else if (value instanceof JsonNumberText) text = value.text;
  else if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}
