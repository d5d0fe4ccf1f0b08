// What every code fix of this assembly uses; the files then list only what is particular to them.
global using System.Collections.Immutable;
global using System.Composition;
global using System.Threading;
global using System.Threading.Tasks;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.CodeActions;
global using Microsoft.CodeAnalysis.CodeFixes;
global using Microsoft.CodeAnalysis.CSharp;
global using Microsoft.CodeAnalysis.CSharp.Syntax;
global using ScSession.Generators.Analyzers;
