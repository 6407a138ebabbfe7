/**
 * The readable text of an OpenRouter `reasoning_details` array, from a message or a stream
 * delta. OpenRouter, "Reasoning Tokens": each entry is `reasoning.text` (`text`),
 * `reasoning.summary` (`summary`) or `reasoning.encrypted` (`data`, redacted reasoning that
 * carries no readable text and is skipped). Entries are joined as they come: in a stream they
 * are fragments of one text, and in a message the same text the `reasoning` string carries,
 * so the two can be recognised as one.
 *
 * Anything that is not such an array, and entries of unknown types, give no text rather
 * than an error: reasoning is shown to the user, never needed to read the answer.
 */
export function reasoningDetailsText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  let text = '';
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { type, text: body, summary } = entry as { type?: unknown; text?: unknown; summary?: unknown };
    if (type === 'reasoning.text' && typeof body === 'string') text += body;
    else if (type === 'reasoning.summary' && typeof summary === 'string') text += summary;
  }
  return text;
}
