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
function buildProgram(): ts.Program {
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
  return ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
}

let built: ts.Program | undefined;
const program = () => {
  built ??= buildProgram();
  return built;
};

const own = (file: ts.SourceFile) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/');
const where = (node: ts.Node, file: ts.SourceFile) => {
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return `${relative(process.cwd(), file.fileName)}:${line + 1}: ${node.getText(file).split('\n')[0]}`;
};

function floatingThenables(): string[] {
  const checker = program().getTypeChecker();
  const found: string[] = [];
  const thenable = (node: ts.Expression) => checker.getTypeAtLocation(node).getProperty('then') !== undefined;
  const report = (node: ts.Node, file: ts.SourceFile) => found.push(where(node, file));
  for (const file of program().getSourceFiles()) {
    if (!own(file)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) {
        const expression = node.expression;
        const handled =
          ts.isAwaitExpression(expression) ||
          ts.isVoidExpression(expression) ||
          (ts.isBinaryExpression(expression) &&
            expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
            expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment);
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

/**
 * The table bindings of db/schema/index.ts point at PostgreSQL's tables once a PostgreSQL
 * database is open, which is after every module has loaded: a table or column read while a
 * module loads (a constant of columns, say) would stay SQLite's. Lists each such read in src/.
 */
function tablesReadAtLoad(): string[] {
  const checker = program().getTypeChecker();
  const found: string[] = [];
  for (const file of program().getSourceFiles()) {
    if (!own(file) || !file.fileName.includes('/src/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassDeclaration(node) || ts.isTypeNode(node)) return;
      if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) return;
      if (ts.isIdentifier(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const declaration = symbol?.declarations?.[0];
        if (
          declaration !== undefined &&
          ts.isVariableDeclaration(declaration) &&
          declaration.getSourceFile().fileName.endsWith('/db/schema/index.ts')
        ) {
          found.push(where(node, file));
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) visit(statement);
    }
  }
  return found;
}

describe('the tables', () => {
  it('are read when the code runs, never while a module loads', () => {
    expect(tablesReadAtLoad()).toEqual([]);
  }, 180_000);
});

describe('every query and every promise', () => {
  it('is awaited, returned or marked void: none is built and dropped', () => {
    expect(floatingThenables()).toEqual([]);
  }, 180_000);
});
