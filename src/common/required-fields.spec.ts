import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreatePurchaseDto } from '../modules/payments/dto/create-purchase.dto';
import { missingAsRequired } from './required-fields';

async function messages(body: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(CreatePurchaseDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return Object.fromEntries(
    missingAsRequired(errors).map((e) => [e.property, Object.values(e.constraints ?? {})]),
  );
}

describe('missingAsRequired', () => {
  const reservationId = '6f1c1e4e-8a7b-4c1d-9f5e-2b3a4c5d6e7f';

  it('a purchase without customerEmail says it is required, once', async () => {
    expect(await messages({ reservationId })).toEqual({
      customerEmail: ['customerEmail is required'],
    });
    expect(await messages({ reservationId, customerEmail: null })).toEqual({
      customerEmail: ['customerEmail is required'],
    });
  });

  it('a present but wrong value keeps the rules it breaks', async () => {
    expect(await messages({ reservationId, customerEmail: 'not-an-email' })).toEqual({
      customerEmail: ['customerEmail must be an email'],
    });
  });

  it('an unknown field is reported as unknown even when it is null', async () => {
    expect(
      await messages({ reservationId, customerEmail: 'ada@example.com', coupon: null }),
    ).toEqual({ coupon: ['property coupon should not exist'] });
  });

  it('optional fields may be left out', async () => {
    expect(await messages({ reservationId, customerEmail: 'ada@example.com' })).toEqual({});
  });
});
