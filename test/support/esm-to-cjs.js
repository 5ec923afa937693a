'use strict';
// Jest transform for ESM-only dependencies (no CommonJS build): @nestjs/terminus 12. Jest runs the
// suites as CommonJS (ts-jest), and cannot require an ES module without --experimental-vm-modules;
// Node itself loads them (require(esm)), so this is needed under Jest only.
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const code = source
      // CommonJS has its own `require`; an ES module makes one with createRequire(import.meta.url)
      .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
      .replace(/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href")
      .replace(/import\.meta\.dirname/g, '__dirname')
      .replace(/import\.meta\.filename/g, '__filename')
      .replace(/import\.meta\.resolve\(/g, 'require.resolve(');
    const out = ts.transpileModule(code, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    return { code: out.outputText };
  },
};
