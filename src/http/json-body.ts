import { BodyRejectedError } from '../errors/app-error';

/**
 * Reading a JSON request body without letting one request freeze the process: the structural limits
 * are checked in one pass over the bytes BEFORE JSON.parse (no recursion, no allocation per value),
 * so a body of 60,000 keys, 500,000 nesting levels or one 1 MB string costs a linear scan and a 400
 * naming the limit. What passes is parsed and walked once (iteratively) for what the scan cannot see
 * cheaply: numbers that overflow to Infinity, NUL, lone surrogates and keys that name prototypes.
 *
 * Adapter-independent: the HTTP adapter hands over the bytes (already decompressed and capped at
 * BODY_LIMIT_BYTES); the webhook receiver calls it after verifying the signature on those bytes.
 */
export interface JsonBodyLimits {
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Members of one object. */
  maxKeysPerObject: number;
  /** Object members plus array elements in the whole body. */
  maxTotalKeys: number;
  /** UTF-8 bytes of one string (keys included), as sent (escapes counted as written). */
  maxStringLength: number;
}

/**
 * Above what any route takes (the largest, a batch of 200 check-ins, is ~1,000 members), and low
 * enough that the worst body they accept is cheap to validate and refuse: validation and the
 * fingerprint cost grows with the members, and a body of 10,000 took ~85 ms.
 */
export const DEFAULT_JSON_LIMITS: JsonBodyLimits = {
  maxDepth: 32,
  maxKeysPerObject: 256,
  maxTotalKeys: 2_000,
  maxStringLength: 10_000,
};

/**
 * A payment provider's signed event (checked only after its signature holds): its objects can
 * carry expanded lists and metadata, so more members are allowed; nothing here is validated
 * field by field.
 */
export const WEBHOOK_JSON_LIMITS: JsonBodyLimits = { ...DEFAULT_JSON_LIMITS, maxTotalKeys: 10_000 };

/** Keys that name a prototype: dropped silently by class-transformer, refused here instead. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

function tooDeep(limits: JsonBodyLimits): BodyRejectedError {
  return new BodyRejectedError(
    `The request body nests objects and arrays deeper than ${limits.maxDepth} levels.`,
    'maxDepth',
  );
}

/**
 * One pass over the bytes: depth, members per object, members in total, string length. Malformed
 * JSON is left to JSON.parse (the counts stay bounded either way: the scan only counts).
 */
export function checkJsonStructure(bytes: Uint8Array, limits: JsonBodyLimits): void {
  // Per open container: members so far (objects count colons, arrays count commas + 1).
  const counts = new Int32Array(limits.maxDepth + 1);
  const isObject = new Uint8Array(limits.maxDepth + 1);
  let depth = 0;
  let total = 0;
  let inString = false;
  let stringStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) {
        i++;
      } else if (byte === QUOTE) {
        inString = false;
        if (i - stringStart > limits.maxStringLength) {
          throw new BodyRejectedError(
            `A string in the request body is longer than ${limits.maxStringLength} bytes.`,
            'maxStringLength',
          );
        }
      }
      continue;
    }
    switch (byte) {
      case QUOTE:
        inString = true;
        stringStart = i + 1;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (depth === limits.maxDepth) throw tooDeep(limits);
        depth++;
        counts[depth] = 0;
        isObject[depth] = byte === OPEN_OBJECT ? 1 : 0;
        if (byte === OPEN_ARRAY) {
          // An array with anything in it has one more element than commas.
          let j = i + 1;
          while (
            j < bytes.length &&
            (bytes[j] === 0x20 || bytes[j] === 0x0a || bytes[j] === 0x0d || bytes[j] === 0x09)
          )
            j++;
          if (j < bytes.length && bytes[j] !== CLOSE_ARRAY) counts[depth] = 1;
          total += counts[depth];
        }
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth > 0) depth--;
        break;
      case COLON:
      case COMMA:
        if (depth === 0) break;
        if ((byte === COLON) !== (isObject[depth] === 1)) break;
        counts[depth]++;
        total++;
        if (isObject[depth] === 1 && counts[depth] > limits.maxKeysPerObject) {
          throw new BodyRejectedError(
            `An object in the request body has more than ${limits.maxKeysPerObject} members.`,
            'maxKeysPerObject',
          );
        }
        if (total > limits.maxTotalKeys) {
          throw new BodyRejectedError(
            `The request body has more than ${limits.maxTotalKeys} object members and array elements in all.`,
            'maxTotalKeys',
          );
        }
        break;
    }
  }
  if (inString && bytes.length - stringStart > limits.maxStringLength) {
    throw new BodyRejectedError(
      `A string in the request body is longer than ${limits.maxStringLength} bytes.`,
      'maxStringLength',
    );
  }
}

/** True when `text` holds no lone surrogate (String.prototype.isWellFormed, ES2024). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

function checkString(text: string, what: string): void {
  if (text.includes('\u0000')) {
    throw new BodyRejectedError(`${what} holds a NUL character (\\u0000).`, 'noNul');
  }
  if (!isWellFormed(text)) {
    throw new BodyRejectedError(
      `${what} is not well-formed Unicode (a lone surrogate such as \\ud800).`,
      'wellFormedUnicode',
    );
  }
}

/**
 * What JSON.parse lets through that no route may receive. Iterative: the structure scan has
 * already bounded the depth, but nothing here relies on it.
 */
export function checkJsonValues(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) {
        throw new BodyRejectedError(
          'A number in the request body is out of range (it overflows to Infinity).',
          'finiteNumbers',
        );
      }
    } else if (typeof current === 'string') {
      checkString(current, 'A string in the request body');
    } else if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
    } else if (typeof current === 'object' && current !== null) {
      for (const key of Object.keys(current)) {
        if (FORBIDDEN_KEYS.has(key)) {
          throw new BodyRejectedError(
            `The request body uses the reserved key "${key}".`,
            'forbiddenKeys',
          );
        }
        checkString(key, 'A key in the request body');
        stack.push((current as Record<string, unknown>)[key]);
      }
    }
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Bytes to a JSON value under the limits, or a 400 naming what was wrong. An empty body is
 * `undefined` (no body), as if none had been sent. The top level must be an object or an array.
 */
export function parseJsonBody(
  bytes: Uint8Array,
  limits: JsonBodyLimits = DEFAULT_JSON_LIMITS,
): unknown {
  checkJsonStructure(bytes, limits);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new BodyRejectedError('The request body is not valid UTF-8.', 'utf8');
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyRejectedError('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null) {
    throw new BodyRejectedError('The request body must be a JSON object or array.');
  }
  checkJsonValues(value);
  return value;
}
