import { TicketAlreadyCheckedInError, TicketVoidError } from '../../errors/app-error';
import { toProblem } from '../../errors/problem';
import { normalizeTicketCode, toCheckIn } from './check-in';

describe('check-in pieces', () => {
  it('reads a code in any case, with stray spaces', () => {
    expect(normalizeTicketCode(' tkt-7qx3-m2pa-9kde-4rtb\n')).toBe('TKT-7QX3-M2PA-9KDE-4RTB');
  });

  const first = toCheckIn({
    ticket_id: '6f1c1c4e-8d2a-4b6e-9f0a-2d3c4b5a6e7f',
    code: 'TKT-7QX3-M2PA-9KDE-4RTB',
    gate: 'North',
    scanned_at: new Date('2027-06-01T17:02:11Z'),
    checked_in_at: new Date('2027-06-01T17:02:11.482Z'),
  });

  it('a second scan is a 409 whose problem body names the first check-in’s gate and time', () => {
    const problem = toProblem(new TicketAlreadyCheckedInError(first), 1024);
    expect(problem.body).toMatchObject({
      status: 409,
      code: 'TICKET_ALREADY_CHECKED_IN',
      title: 'Ticket already checked in',
      checkIn: {
        gate: 'North',
        scannedAt: '2027-06-01T17:02:11.000Z',
        checkedInAt: '2027-06-01T17:02:11.482Z',
      },
    });
    expect(problem.body.detail).toBe(
      'Ticket TKT-7QX3-M2PA-9KDE-4RTB was already checked in at 2027-06-01T17:02:11.482Z at gate North.',
    );
    const noGate = toProblem(new TicketAlreadyCheckedInError({ ...first, gate: null }), 1024);
    expect(noGate.body.detail).toBe(
      'Ticket TKT-7QX3-M2PA-9KDE-4RTB was already checked in at 2027-06-01T17:02:11.482Z.',
    );
  });

  it('a void ticket is a 409 TICKET_VOID', () => {
    expect(toProblem(new TicketVoidError('TKT-1'), 1024).body).toMatchObject({
      status: 409,
      code: 'TICKET_VOID',
    });
  });
});
