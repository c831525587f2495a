import { canonicalPath, isCovered, routeTemplate, type RouteFacts } from './coverage';

const facts = (over: Partial<RouteFacts>): RouteFacts => ({
  method: 'POST',
  controllerPath: 'v1/reservations',
  handlerPath: ':id/cancel',
  params: { id: 'b6f1c1de-4c35-4d0b-8a52-2a6b0f3c9a10' },
  notIdempotent: false,
  requestPath: '/v1/reservations/b6f1c1de-4c35-4d0b-8a52-2a6b0f3c9a10/cancel',
  ...over,
});

describe('idempotency coverage by route', () => {
  it('covers every non-safe /v1 route but @NotIdempotent ones', () => {
    expect(isCovered(facts({}))).toBe(true);
    expect(isCovered(facts({ method: 'put' }))).toBe(true);
    expect(isCovered(facts({ method: 'DELETE' }))).toBe(true);
    expect(isCovered(facts({ method: 'GET' }))).toBe(false);
    expect(isCovered(facts({ method: 'HEAD' }))).toBe(false);
    expect(isCovered(facts({ notIdempotent: true }))).toBe(false);
    expect(isCovered(facts({ controllerPath: 'health', handlerPath: undefined }))).toBe(false);
    expect(isCovered(facts({ controllerPath: 'v10', handlerPath: 'x' }))).toBe(false);
    expect(isCovered(facts({ controllerPath: '/v1/', handlerPath: '/' }))).toBe(true);
  });

  it('the canonical path comes from the template, whatever the request spelled', () => {
    expect(routeTemplate(facts({}))).toBe('/v1/reservations/:id/cancel');
    expect(canonicalPath(facts({}))).toBe(
      '/v1/reservations/b6f1c1de-4c35-4d0b-8a52-2a6b0f3c9a10/cancel',
    );
    expect(canonicalPath(facts({ controllerPath: 'v1/reservations', handlerPath: '/' }))).toBe(
      '/v1/reservations',
    );
    expect(
      canonicalPath(facts({ controllerPath: 'v1/reservations', handlerPath: undefined })),
    ).toBe('/v1/reservations');
    expect(canonicalPath(facts({ params: { id: 'a/b' } }))).toBe('/v1/reservations/a%2Fb/cancel');
  });

  it('a handler with several paths: the one this request matched', () => {
    const several = { controllerPath: 'v1/test-effects', handlerPath: ['', 'copy'], params: {} };
    expect(canonicalPath(facts({ ...several, requestPath: '/v1/test-effects' }))).toBe(
      '/v1/test-effects',
    );
    expect(canonicalPath(facts({ ...several, requestPath: '/v1/test-effects/copy/' }))).toBe(
      '/v1/test-effects/copy',
    );
    expect(
      canonicalPath(
        facts({
          controllerPath: 'v1/x',
          handlerPath: [':id/a', ':id/b'],
          params: { id: 'k' },
          requestPath: '/v1/x/k/b',
        }),
      ),
    ).toBe('/v1/x/k/b');
  });
});
