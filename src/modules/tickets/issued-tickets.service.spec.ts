import { newTicketCode } from './issued-tickets.service';

describe('newTicketCode', () => {
  it('is TKT- and four groups of four Crockford base32 characters', () => {
    for (let i = 0; i < 200; i++) {
      expect(newTicketCode()).toMatch(/^TKT-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    }
  });

  it('does not repeat in 10,000 draws (80 random bits)', () => {
    const codes = new Set(Array.from({ length: 10000 }, newTicketCode));
    expect(codes.size).toBe(10000);
  });
});
