/** XML checks with libxml2 (xmllint compiled to WebAssembly): well-formedness and XSD validation. */
import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

/** Parse errors of a document; [] when it is well-formed. */
export async function wellFormednessErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: "document.xml", contents: xml }, normalization: "format" });
  return result.errors.map((error) => error.rawMessage);
}

/** Validation errors of a document against an XSD file; [] when valid. */
export async function schemaErrors(xml: string, xsdFile: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: "document.xml", contents: xml },
    schema: { fileName: "schema.xsd", contents: readFileSync(xsdFile, "utf8") },
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}
