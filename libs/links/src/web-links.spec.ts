import { webCaseLink, webTaskLink } from './web-links';

describe('links in mail open the web workspace, not the API', () => {
  it('a case link is the web page of the case', () => {
    expect(webCaseLink('https://banli.example.gov.cn', 'c9e6…')).toBe(
      'https://banli.example.gov.cn/#/cases/c9e6%E2%80%A6',
    );
    expect(webCaseLink('http://localhost:3000/', '5b0e7d1e-0000-4000-8000-000000000001')).toBe(
      'http://localhost:3000/#/cases/5b0e7d1e-0000-4000-8000-000000000001',
    );
    expect(webCaseLink('http://localhost:3000', '')).toBe('http://localhost:3000/#/cases');
    expect(webCaseLink('http://localhost:3000', 'x')).not.toContain('/proposals/');
  });

  it('a task link is the one-click task page', () => {
    expect(webTaskLink('http://localhost:3000', 'v1.a.b')).toBe('http://localhost:3000/#/link/v1.a.b');
  });
});
