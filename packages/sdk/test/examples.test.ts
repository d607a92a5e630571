import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as sdk from '../src/index.ts';

/**
 * Every public function and method carries a JSDoc `@example`, and each example is copied verbatim into
 * examples/*.ts, which `tsc -p tsconfig.json` type-checks: an example that stops compiling fails CI.
 * The public surface is src/*.ts and src/resources/*.ts; src/internal/ is not exported.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC_DIRS = ['src', 'src/resources'];

interface Documented {
  where: string;
  examples: string[];
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function examplesOf(node: ts.Node): string[] {
  return ts
    .getJSDocTags(node)
    .filter((tag) => tag.tagName.text === 'example')
    .map((tag) => ts.getTextOfJSDocComment(tag.comment) ?? '');
}

const isHidden = (member: ts.ClassElement) =>
  (member.name !== undefined && ts.isPrivateIdentifier(member.name)) ||
  (ts.getCombinedModifierFlags(member as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;

/** Exported functions, exported classes, and the public methods of exported classes, with their examples. */
function publicDeclarations(): Documented[] {
  const found: Documented[] = [];
  for (const dir of PUBLIC_DIRS) {
    for (const name of readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.ts'))) {
      const file = `${dir}/${name}`;
      const source = ts.createSourceFile(file, readFileSync(`${root}${file}`, 'utf8'), ts.ScriptTarget.Latest, true);
      for (const statement of source.statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported) continue;
        if (ts.isFunctionDeclaration(statement) && statement.name) {
          found.push({ where: `${file} ${statement.name.text}()`, examples: examplesOf(statement) });
        }
        if (ts.isClassDeclaration(statement) && statement.name) {
          const className = statement.name.text;
          // Classes users construct or catch need an example; resource classes are reached through the client.
          if (className in sdk) found.push({ where: `${file} class ${className}`, examples: examplesOf(statement) });
          const methods = new Map<string, string[]>();
          for (const member of statement.members) {
            if (!ts.isMethodDeclaration(member) || isHidden(member) || !ts.isIdentifier(member.name)) continue;
            // An overloaded method is documented once, on its first signature.
            methods.set(member.name.text, [...(methods.get(member.name.text) ?? []), ...examplesOf(member)]);
          }
          for (const [method, examples] of methods) found.push({ where: `${file} ${className}.${method}()`, examples });
        }
      }
    }
  }
  return found;
}

const examplesText = squash(
  readdirSync(`${root}examples`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(`${root}examples/${f}`, 'utf8'))
    .join('\n'),
);

describe('JSDoc examples', () => {
  const declarations = publicDeclarations();

  it('finds the public surface', () => {
    const names = declarations.map((d) => d.where);
    expect(names).toContain('src/minga.ts class Minga');
    expect(names).toContain('src/resources/tasks.ts Tasks.createMany()');
    expect(names).toContain('src/verify-webhook.ts verifyWebhook()');
    expect(names.length).toBeGreaterThan(60);
  });

  it('gives every public function, method and class an @example', () => {
    expect(declarations.filter((d) => d.examples.length === 0).map((d) => d.where)).toEqual([]);
  });

  it('copies every @example verbatim into examples/, where tsc checks it', () => {
    const missing = declarations.flatMap((d) => d.examples.filter((e) => !examplesText.includes(squash(e))).map(() => d.where));
    expect(missing).toEqual([]);
  });

  it('names every runtime export of the package in the checked surface', () => {
    const covered = new Set(declarations.map((d) => /(?:class )?(\w+)(?:\(\))?$/.exec(d.where)?.[1]));
    expect(Object.keys(sdk).filter((name) => !covered.has(name))).toEqual([]);
  });
});
