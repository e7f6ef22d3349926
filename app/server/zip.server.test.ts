import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unzipText, zip } from "./zip.server";

describe("zip", () => {
  it("round-trips text files, UTF-8 names and content included", () => {
    const archive = zip([
      { name: "a.csv", content: '"x","y"\r\n"1","2"\r\n' },
      { name: "données.txt", content: "Évaluation – £5 ✓\n".repeat(200) },
      { name: "empty.txt", content: "" },
    ]);
    const files = unzipText(archive);
    expect([...files.keys()]).toEqual(["a.csv", "données.txt", "empty.txt"]);
    expect(files.get("données.txt")).toBe("Évaluation – £5 ✓\n".repeat(200));
    expect(files.get("empty.txt")).toBe("");
  });

  it("is a ZIP file another tool can read (Python's zipfile)", () => {
    const dir = mkdtempSync(join(tmpdir(), "zip-test-"));
    try {
      const path = join(dir, "t.zip");
      writeFileSync(path, zip([{ name: "readme.txt", content: "hello" }, { name: "b.csv", content: "1,2\n" }]));
      const listed = execFileSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(z.read('readme.txt').decode())", path]).toString();
      expect(listed.trim().split("\n")).toEqual(["None", "hello"]);
      expect(readFileSync(path).subarray(0, 4).toString("hex")).toBe("504b0304");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
