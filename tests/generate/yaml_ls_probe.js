// What yaml-language-server (the engine of VS Code's YAML support and other editors) completes
// and flags in sig-info.yaml with a given schema. Usage: node yaml_ls_probe.js SCHEMA CASES.
// CASES is {name: {text, complete?}}: with `complete`, the labels offered at the end of the
// text; otherwise the diagnostics as "line:message". Prints one JSON object.
const { getLanguageService } = require(
  "yaml-language-server/out/server/src/languageservice/yamlLanguageService",
);
const { TextDocument } = require("vscode-languageserver-textdocument");
const fs = require("fs");

const schemaText = fs.readFileSync(process.argv[2], "utf8");
const cases = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const service = getLanguageService({
  schemaRequestService: async (uri) => (uri === "file:///schema.json" ? schemaText : "{}"),
  workspaceContext: { resolveRelativePath: (path) => path },
});
service.configure({
  validate: true,
  completion: true,
  schemas: [{ uri: "file:///schema.json", fileMatch: ["*.yaml"] }],
});

(async () => {
  const out = {};
  for (const [name, c] of Object.entries(cases)) {
    // one URI per case: the service caches parsed documents by URI and version
    const uri = "file:///" + encodeURIComponent(name) + "/sig-info.yaml";
    const doc = TextDocument.create(uri, "yaml", 1, c.text);
    if (c.complete) {
      const list = await service.doComplete(doc, doc.positionAt(c.text.length), false);
      out[name] = list.items.map((item) => item.label);
    } else {
      const diagnostics = await service.doValidation(doc, false);
      out[name] = diagnostics.map((d) => `${d.range.start.line + 1}:${d.message}`);
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
