import { ValidationFailedError } from '../../errors/app-error';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';

describe('event cursor', () => {
  const cursor = {
    startsAt: new Date('2027-06-01T17:30:00.123Z'),
    id: '6f1c1c4e-8d2a-4b6e-9f0a-2d3c4b5a6e7f',
  };

  it('round-trips what it issued', () => {
    expect(decodeEventCursor(encodeEventCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['empty', ''],
    ['JSON of another shape', Buffer.from('{"a":1}').toString('base64url')],
    [
      'a bad id',
      Buffer.from('{"v":1,"s":"2027-06-01T17:30:00.123Z","i":"x"}').toString('base64url'),
    ],
    ['a bad time', Buffer.from(`{"v":1,"s":"tomorrow","i":"${cursor.id}"}`).toString('base64url')],
    [
      'another version',
      Buffer.from(`{"v":2,"s":"2027-06-01T17:30:00.123Z","i":"${cursor.id}"}`).toString(
        'base64url',
      ),
    ],
    // Same position, but not spelled the way we spell it.
    [
      'a non-canonical time',
      Buffer.from(`{"v":1,"s":"2027-06-01T19:30:00.123+02:00","i":"${cursor.id}"}`).toString(
        'base64url',
      ),
    ],
    ['an edited cursor', encodeEventCursor(cursor).slice(0, -2) + 'xx'],
  ])('refuses %s', (_name, raw) => {
    expect(() => decodeEventCursor(raw)).toThrow(ValidationFailedError);
  });
});
