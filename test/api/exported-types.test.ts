// Every named type a public function takes or returns is exported too, so that a caller can
// write it down (`let want: Want = parseWantFirst(…)`). Read with the TypeScript checker from
// src/index.ts: each exported function's parameters and return type, and the properties,
// members and type arguments of every type of ours they reach.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
const INDEX = join(SRC, 'index.ts');

function reachableTypes(): { exported: Set<string>; reached: Map<string, string> } {
  const program = ts.createProgram([INDEX], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  const exports = checker.getExportsOfModule(moduleSymbol);
  const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const exported = new Set(exports.map((s) => resolve(s)).map((s) => declarationKey(s)).filter((k): k is string => k !== null));
  const reached = new Map<string, string>(); // declaration key → where it was reached from
  const seen = new Set<ts.Type>();

  function declarationKey(s: ts.Symbol | undefined): string | null {
    const d = s?.declarations?.[0];
    if (!d || !d.getSourceFile().fileName.startsWith(SRC)) return null;
    if (!(ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isClassDeclaration(d) || ts.isEnumDeclaration(d))) return null;
    return `${s!.name} (${d.getSourceFile().fileName.slice(SRC.length + 1)})`;
  }

  function visit(type: ts.Type, from: string): void {
    if (seen.has(type)) return;
    seen.add(type);
    for (const s of [type.aliasSymbol, type.getSymbol()]) {
      const key = declarationKey(s);
      if (key !== null && !reached.has(key)) reached.set(key, from);
    }
    for (const t of type.aliasTypeArguments ?? []) visit(t, from);
    if (type.isUnionOrIntersection()) for (const t of type.types) visit(t, from);
    if (type.flags & ts.TypeFlags.Object) {
      for (const t of checker.getTypeArguments(type as ts.TypeReference) ?? []) visit(t, from);
      // Properties of our own object types (not of Array, Map, Uint8Array …).
      const own = declarationKey(type.aliasSymbol ?? type.getSymbol()) !== null || (type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.TypeLiteral;
      if (own) {
        for (const p of type.getProperties()) {
          const decl = p.valueDeclaration ?? p.declarations?.[0];
          if (decl) visit(checker.getTypeOfSymbolAtLocation(p, decl), `${from} → ${p.name}`);
        }
      }
      for (const sig of [...type.getCallSignatures(), ...type.getConstructSignatures()]) visitSignature(sig, from);
    }
  }

  function visitSignature(sig: ts.Signature, from: string): void {
    for (const p of sig.getParameters()) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (decl) visit(checker.getTypeOfSymbolAtLocation(p, decl), `${from}(${p.name})`);
    }
    visit(sig.getReturnType(), `${from} return`);
  }

  for (const e of exports) {
    const s = resolve(e);
    const decl = s.valueDeclaration ?? s.declarations?.[0];
    if (!decl || !(s.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class))) continue;
    const type = checker.getTypeOfSymbolAtLocation(s, decl);
    for (const sig of [...type.getCallSignatures(), ...type.getConstructSignatures()]) visitSignature(sig, e.name);
  }
  return { exported, reached };
}

describe('the public API names its types', () => {
  it('every type of ours reached from an exported function is exported from src/index.ts', () => {
    const { exported, reached } = reachableTypes();
    const missing = [...reached].filter(([key]) => !exported.has(key)).map(([key, from]) => `${key}, reached from ${from}`);
    expect(missing).toEqual([]);
    // The walk does reach them (the test would pass vacuously otherwise).
    expect([...reached.keys()].some((k) => k.startsWith('SimulationResult '))).toBe(true);
    expect([...reached.keys()].some((k) => k.startsWith('Want '))).toBe(true);
  }, 60_000);
});
