import { parseFaultSpec } from './fault-spec';

describe('parseFaultSpec', () => {
  it('reads points with a probability and an action (throw by default)', () => {
    const rules = parseFaultSpec(
      'purchase.after_provider_call=0.2:kill, refund.after_provider_refund=1,purchase.commit_lost=.5',
    );
    expect([...rules.entries()]).toEqual([
      ['purchase.after_provider_call', { probability: 0.2, action: 'kill' }],
      ['refund.after_provider_refund', { probability: 1, action: 'throw' }],
      ['purchase.commit_lost', { probability: 0.5, action: 'throw' }],
    ]);
  });

  it.each([
    'purchase.nowhere=1',
    'purchase.after_provider_call=1.5',
    'purchase.after_provider_call=-1',
    'purchase.after_provider_call=0.5:explode',
    'purchase.after_provider_call',
  ])('refuses %p', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(/point=probability/);
  });
});
