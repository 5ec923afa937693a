import { parseNdjson } from '../fuzz';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** One finished scenario of schemathesis's NDJSON report, as 4.32 writes it. */
function scenario(label: string, cases: { id: string; status: number; checks: [string, string | null][] }[]) {
  const [method, path] = label.split(' ');
  return JSON.stringify({
    ScenarioFinished: {
      phase: 'coverage',
      status: cases.some((c) => c.checks.some(([, code]) => code)) ? 'failure' : 'success',
      recorder: {
        label,
        cases: Object.fromEntries(cases.map((c) => [c.id, { value: { method, path: path } }])),
        interactions: Object.fromEntries(
          cases.map((c) => [
            c.id,
            {
              request: {
                method,
                uri: `http://127.0.0.1:1${path}`,
                body: { $base64: b64('{"a":null}') },
              },
              response: { status_code: c.status, content: { $base64: b64('{"code":"INTERNAL"}') } },
            },
          ]),
        ),
        checks: Object.fromEntries(
          cases.map((c) => [
            c.id,
            c.checks.map(([name, code]) =>
              code
                ? {
                    name,
                    status: 'failure',
                    failure_info: {
                      failure: {
                        code,
                        operation: label,
                        title: code === 'ST101' ? 'Server error' : 'Undocumented status code',
                      },
                    },
                  }
                : { name, status: 'success' },
            ),
          ]),
        ),
      },
    },
  });
}

describe('the fuzz report (schemathesis NDJSON)', () => {
  it('counts operations and requests, and lists each failure once, a 5xx as a server error only', () => {
    const text = [
      JSON.stringify({ Initialize: { schemathesis_version: '4.32.5' } }),
      scenario('GET /units', [{ id: 'a', status: 200, checks: [['not_a_server_error', null]] }]),
      scenario('PATCH /users/{userId}', [
        {
          id: 'b',
          status: 500,
          checks: [
            ['not_a_server_error', 'ST101'],
            ['status_code_conformance', 'ST103'],
          ],
        },
        { id: 'c', status: 500, checks: [['not_a_server_error', 'ST101']] },
      ]),
      scenario('DELETE /calendar/overrides/{date}', [
        { id: 'd', status: 404, checks: [['status_code_conformance', 'ST103']] },
      ]),
      JSON.stringify({ NonFatalError: { label: 'GET /x', value: { type: 'SystemError', message: 'boom' } } }),
      '{"ScenarioFinished": {"recorder"', // cut short by a stopped run
      '',
    ].join('\n');
    const r = parseNdjson(text);
    expect([...r.operations].sort()).toEqual([
      'DELETE /calendar/overrides/{date}',
      'GET /units',
      'PATCH /users/{userId}',
    ]);
    expect(r.requests).toBe(4);
    expect(r.failures.map((f) => [f.line, f.kind])).toEqual([
      ['PATCH /users/{userId} 500 ST101 Server error', 'server'],
      ['DELETE /calendar/overrides/{date} 404 ST103 Undocumented status code', 'undocumented'],
    ]);
    expect(r.failures[0].example).toContain(
      'PATCH http://127.0.0.1:1/users/{userId} {"a":null} → {"code":"INTERNAL"}',
    );
    expect(r.errors).toEqual(['GET /x: SystemError: boom']);
  });
});
