import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A drizzle query runs only when it is awaited, and a service verb is a promise: a statement
 * that builds one and drops it loses a write without a sound. Biome's noFloatingPromises sees
 * promises but not drizzle's thenables, so this reads the program with TypeScript's checker
 * and lists every statement (and every arrow handed to forEach) whose value is thenable and
 * neither awaited, returned, assigned nor marked `void`.
 */
function floatingThenables(): string[] {
  const configPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.json');
  if (configPath === undefined) throw new Error('no tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('unreadable tsconfig.json');
  const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const thenable = (node: ts.Expression) => checker.getTypeAtLocation(node).getProperty('then') !== undefined;
  const report = (node: ts.Node, file: ts.SourceFile) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${relative(process.cwd(), file.fileName)}:${line + 1}: ${node.getText(file).split('\n')[0]}`);
  };
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) {
        const expression = node.expression;
        const handled =
          ts.isAwaitExpression(expression) ||
          ts.isVoidExpression(expression) ||
          (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken);
        if (!handled && thenable(expression)) report(node, file);
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'forEach'
      ) {
        for (const arg of node.arguments) {
          if (ts.isArrowFunction(arg) && !ts.isBlock(arg.body) && thenable(arg.body)) report(arg, file);
          if (ts.isArrowFunction(arg) && arg.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword))
            report(arg, file);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe('every query and every promise', () => {
  it('is awaited, returned or marked void: none is built and dropped', () => {
    expect(floatingThenables()).toEqual([]);
  }, 180_000);
});
