import { caseIdOf, LOG_FIELDS, logFieldsOf, routeOf } from './http-logging';
import { routeLabel, STATIC_ROUTE, UNMATCHED_ROUTE } from './metrics';

const CASE = '01234567-8901-4234-8567-890123456789';

describe('route labels of the request metrics', () => {
  it('are the route pattern, never the URL with its ids', () => {
    expect(routeLabel({ route: { path: '/proposals/:id' } }, 200)).toBe('/proposals/:id');
    expect(routeLabel({ route: { path: '/units/:unitId/sign-for' }, baseUrl: '/proposals/x' }, 200)).toBe(
      '/proposals/x/units/:unitId/sign-for',
    );
    expect(routeLabel({ route: { path: '/proposals/:id/units/:unitId/sign-for' } }, 409)).toBe(
      '/proposals/:id/units/:unitId/sign-for',
    );
  });

  it('group what no route took: files served as they are, and refusals before routing or of unknown paths', () => {
    expect(routeLabel({}, 200)).toBe(STATIC_ROUTE);
    expect(routeLabel({}, 304)).toBe(STATIC_ROUTE);
    expect(routeLabel({}, 404)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({}, 413)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: {} }, 400)).toBe(UNMATCHED_ROUTE);
  });
});

describe('log fields of a request', () => {
  it('name the case of a /proposals/:id route, only for a well-formed id', () => {
    const req = (path: string, id: unknown) => ({ route: { path }, params: { id } });
    expect(caseIdOf(req('/proposals/:id', CASE))).toBe(CASE);
    expect(caseIdOf(req('/proposals/:id/units/:unitId/sign-for', CASE))).toBe(CASE);
    expect(caseIdOf(req('/proposals/:id', 'not-a-uuid'))).toBeUndefined();
    expect(caseIdOf(req('/policies/:id', CASE))).toBeUndefined();
    expect(caseIdOf({ params: { id: CASE } })).toBeUndefined();
    expect(routeOf({ route: { path: '/health' } })).toBe('/health');
  });

  it('name the signed-in person and the case, and leave out what is not known', () => {
    const base = { route: { path: '/proposals/:id/reply' }, params: { id: CASE } } as any;
    expect(logFieldsOf({ ...base, user: { id: 'u1', role: 'unitStaff', unitId: 'unit-1' } })).toEqual({
      userId: 'u1',
      role: 'unitStaff',
      unitId: 'unit-1',
      caseId: CASE,
      route: '/proposals/:id/reply',
    });
    expect(logFieldsOf({ ...base, user: { id: 'u2', role: 'office', unitId: null } })).toEqual({
      userId: 'u2',
      role: 'office',
      caseId: CASE,
      route: '/proposals/:id/reply',
    });
    // what the interceptor found (the workflow id; a registration's new case) comes first
    expect(
      logFieldsOf({
        route: { path: '/proposals' },
        [LOG_FIELDS]: { caseId: 'c9', workflowId: 'proposal:x' },
      } as any),
    ).toEqual({ caseId: 'c9', workflowId: 'proposal:x', route: '/proposals' });
    expect(logFieldsOf({} as any)).toEqual({});
  });
});
