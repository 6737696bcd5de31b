/**
 * Server-sent events, parsed as the HTML spec's "event stream interpretation": lines end in
 * CRLF, LF or CR; `:` starts a comment; a blank line dispatches the event; `data` lines join
 * with '\n'; an event with no data is not dispatched. Chunks may split anywhere, even between
 * a CR and its LF, so the parser keeps the unfinished line between `push` calls.
 */
export interface SseEvent {
  /** `message` when the stream named none. */
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

export interface SseParser {
  /** Feed decoded text; returns the events it completed. */
  push(text: string): SseEvent[];
  /** The last `retry:` value the server asked for, in ms. */
  readonly retryMs: () => number | undefined;
  readonly lastEventId: () => string | undefined;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let skipLeadingLf = false;
  let eventType = '';
  let data: string[] = [];
  let hasData = false;
  let lastId: string | undefined;
  let retry: number | undefined;

  function line(text: string, out: SseEvent[]): void {
    if (text === '') {
      if (hasData) out.push({ event: eventType === '' ? 'message' : eventType, data: data.join('\n'), ...(lastId !== undefined ? { id: lastId } : {}) });
      eventType = '';
      data = [];
      hasData = false;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        return;
      case 'data':
        data.push(value);
        hasData = true;
        return;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        return;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        return;
      default:
        return; // unknown fields are ignored
    }
  }

  return {
    push(text) {
      const out: SseEvent[] = [];
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(buffer.slice(start, i), out);
        if (ch === '\r') {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    retryMs: () => retry,
    lastEventId: () => lastId,
  };
}
